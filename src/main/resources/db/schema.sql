-- The archiver's state. Portable SQL: the same statements run on the embedded H2 file database
-- and on PostgreSQL (shared mode). Times are epoch milliseconds (UTC).

-- Every accepted webhook delivery, stored before the 200 answer. The primary key absorbs a
-- delivery sent again under the same id, the unique pair a recording+status sent under a new id.
CREATE TABLE IF NOT EXISTS delivery (
    delivery_id   VARCHAR(200) NOT NULL PRIMARY KEY,
    recording_id  VARCHAR(36)  NOT NULL,
    status        VARCHAR(40)  NOT NULL,
    payload       TEXT         NOT NULL,
    received_at   BIGINT       NOT NULL,
    link_expiry   BIGINT,
    state         VARCHAR(16)  NOT NULL,
    claimed_by    VARCHAR(100),
    lease_until   BIGINT,
    attempts      INTEGER      NOT NULL,
    done_at       BIGINT,
    outcome       VARCHAR(40),
    CONSTRAINT delivery_recording_status UNIQUE (recording_id, status)
);

CREATE INDEX IF NOT EXISTS delivery_work ON delivery (state, link_expiry);

-- What the archiver knows of each recording: its RealtimeKit status (never moving backwards)
-- and where its archive stands.
CREATE TABLE IF NOT EXISTS recording (
    recording_id   VARCHAR(36)   NOT NULL PRIMARY KEY,
    meeting_id     VARCHAR(36),
    session_id     VARCHAR(36),
    status         VARCHAR(40)   NOT NULL,
    archive_state  VARCHAR(16)   NOT NULL,
    reason         VARCHAR(60),
    last_error     VARCHAR(1000),
    object_key     VARCHAR(1024),
    size_bytes     BIGINT,
    sha256         VARCHAR(64),
    audio_key      VARCHAR(1024),
    audio_size     BIGINT,
    audio_sha256   VARCHAR(64),
    report_key     VARCHAR(1024),
    link_expiry    BIGINT,
    attempts       INTEGER       NOT NULL,
    first_seen_at  BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL,
    archived_at    BIGINT
);

CREATE INDEX IF NOT EXISTS recording_state ON recording (archive_state, updated_at);

-- TRUE from the moment a recording is marked ARCHIVED until direct:on-recording-archived has run for
-- it: a process stopped in between (kill -9, power loss) leaves it TRUE, and the next claim of the
-- delivery calls the extension point again instead of skipping an archived recording (at least once).
ALTER TABLE recording ADD COLUMN IF NOT EXISTS archived_hook_pending BOOLEAN DEFAULT FALSE NOT NULL;

-- Multipart uploads under way, and the parts already stored, so that a transfer cut by a failure
-- or a crash resumes with a Range request instead of downloading everything again.
CREATE TABLE IF NOT EXISTS transfer (
    object_key    VARCHAR(1024) NOT NULL PRIMARY KEY,
    recording_id  VARCHAR(36),
    upload_id     VARCHAR(1024) NOT NULL,
    part_size     BIGINT        NOT NULL,
    source        VARCHAR(2048) NOT NULL,
    started_at    BIGINT        NOT NULL
);

-- The whole file's size as the source gave it when the upload started (checked again on resume).
ALTER TABLE transfer ADD COLUMN IF NOT EXISTS source_size BIGINT;

-- Files stored and verified (size and SHA-256 over exactly the stored bytes), so a retry of the
-- recording does not fetch them again; the manifest says the same once the whole recording is in.
CREATE TABLE IF NOT EXISTS stored_file (
    object_key       VARCHAR(1024) NOT NULL PRIMARY KEY,
    size_bytes       BIGINT        NOT NULL,
    sha256           VARCHAR(64)   NOT NULL,
    content_type     VARCHAR(200),
    source_file_name VARCHAR(1024),
    stored_at        BIGINT        NOT NULL
);

CREATE TABLE IF NOT EXISTS transfer_part (
    upload_id     VARCHAR(1024) NOT NULL,
    part_number   INTEGER       NOT NULL,
    etag          VARCHAR(200)  NOT NULL,
    size_bytes    BIGINT        NOT NULL,
    PRIMARY KEY (upload_id, part_number)
);

-- Set by an operator's replay of a FAILED recording: the archive route refreshes the delivery's
-- download link through the REST API before using it (the stored one may be stale by then).
ALTER TABLE delivery ADD COLUMN IF NOT EXISTS refresh_link BOOLEAN DEFAULT FALSE NOT NULL;

-- Ids are not necessarily UUIDs (issue 10): any safe key segment of up to 128 characters.
-- SET DATA TYPE is accepted by both H2 and PostgreSQL, and widening is a no-op when done already.
ALTER TABLE delivery ALTER COLUMN recording_id SET DATA TYPE VARCHAR(128);
ALTER TABLE recording ALTER COLUMN recording_id SET DATA TYPE VARCHAR(128);
ALTER TABLE recording ALTER COLUMN meeting_id SET DATA TYPE VARCHAR(128);
ALTER TABLE recording ALTER COLUMN session_id SET DATA TYPE VARCHAR(128);
ALTER TABLE transfer ALTER COLUMN recording_id SET DATA TYPE VARCHAR(128);

-- Authentic (signed) deliveries the archiver could not process as sent: never answered 4xx, kept
-- here with the reason, shown by GET /held and replayed by POST /admin/held/replay once fixed.
-- body is the request body exactly as received, base64. state: HELD, or REPLAYED once it went on.
CREATE TABLE IF NOT EXISTS held_delivery (
    delivery_id   VARCHAR(200)  NOT NULL PRIMARY KEY,
    received_at   BIGINT        NOT NULL,
    reason        VARCHAR(300)  NOT NULL,
    reason_code   VARCHAR(40)   NOT NULL,
    event_type    VARCHAR(100),
    recording_id  VARCHAR(128),
    body          TEXT          NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    replayed_at   BIGINT,
    outcome       VARCHAR(40)
);

CREATE INDEX IF NOT EXISTS held_delivery_state ON held_delivery (state, received_at);
