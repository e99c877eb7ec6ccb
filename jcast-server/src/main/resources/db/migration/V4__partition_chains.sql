-- A directory session sends its files one after the other. A later file waits this long for the receivers that
-- completed the one before (the first file waits max_wait_seconds).
ALTER TABLE sessions ADD COLUMN part_wait_seconds INT DEFAULT 60 NOT NULL;

-- Which file of a session each receiver got, and how that ended: COMPLETED, DROPPED, DISCONNECTED, MISSING (it did
-- not come back for this file) or REFUSED (it came for this file without the one before); CONNECTED or RECEIVING
-- while the file is being sent.
CREATE TABLE receiver_parts (
    receiver_id  BIGINT        NOT NULL REFERENCES receivers (id),
    part         INT           NOT NULL,
    file_name    VARCHAR(255)  NOT NULL,
    result       VARCHAR(16)   NOT NULL,
    bytes        BIGINT        NOT NULL,
    reason       VARCHAR(1000),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (receiver_id, part)
);
