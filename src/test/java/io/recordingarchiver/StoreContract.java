package io.recordingarchiver;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import io.recordingarchiver.dispatch.Schema;

/**
 * What the state store tests share: each concrete class names its database (H2 or PostgreSQL),
 * gets it created from {@code schema.sql}, and every test starts from empty tables and a clock
 * that moves only when the test moves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContract {

    private TestDatabase database;
    public DataSource dataSource;
    public JdbcTemplate jdbc;
    public MutableClock clock;

    protected abstract TestDatabase openDatabase() throws Exception;

    @BeforeAll
    public void createSchema() throws Exception {
        database = openDatabase();
        dataSource = database.newPool(10);
        jdbc = new JdbcTemplate(dataSource);
        Schema.create(dataSource);
    }

    @BeforeEach
    public void emptyTables() {
        jdbc.update("DELETE FROM delivery");
        jdbc.update("DELETE FROM recording");
        clock = new MutableClock();
    }

    @AfterAll
    public void dropDatabase() throws Exception {
        database.close();
    }

    /** Another archiver process on the same database: a pool of its own. */
    public DataSource anotherProcess(int connections) {
        return database.newPool(connections);
    }
}
