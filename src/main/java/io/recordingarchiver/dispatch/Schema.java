package io.recordingarchiver.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/** Creates the state store's tables from {@code /db/schema.sql} unless they exist already. */
public final class Schema {

    private Schema() {
    }

    public static void create(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (String statement : statements()) {
            jdbc.execute(statement);
        }
    }

    private static String[] statements() {
        try (InputStream in = Schema.class.getResourceAsStream("/db/schema.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            return Arrays.stream(sql.split(";")).filter(s -> !s.isBlank()).toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /db/schema.sql", e);
        }
    }
}
