/**
 * jcast's own multicast protocol, used when every peer is jcast: receiver-driven repair after NORM (RFC 5740)
 * and Emulab's Frisbee instead of udpcast's per-slice acknowledgements, so the sender's work does not grow with the
 * number of receivers, and no start barrier, so a receiver may join late and still finish.
 *
 * <p>The sender multicasts the data in stripes of {@code k} blocks, announces the session (block size, stripe
 * size, name, size and, once it has read everything, the SHA-256 of the stream), and answers NACKs with
 * Reed-Solomon parity rows: any m rows of a stripe rebuild any m of its lost blocks, so one repair serves every
 * receiver that lost up to m blocks there, whichever they were. Receivers multicast their NACKs after a random
 * back-off and stay silent when they hear an equal or larger request for the same stripe, so a loss seen by many
 * costs one NACK and one repair. Each receiver verifies the SHA-256 before it exits 0 and reports its completion to
 * the sender, which answers the report, so both exit codes are truthful. With a key, every datagram carries an
 * HMAC-SHA256 tag ({@link io.jcast.nack.DatagramSeal}).
 *
 * <p>The wire format is in {@link io.jcast.nack.NackWire}; docs/jcast-protocol.md is the reference.
 */
package io.jcast.nack;
