package io.jcast.cli;

import io.jcast.nack.DatagramSeal;
import io.jcast.nack.NackEndpoints;
import io.jcast.nack.NackSettings;
import io.jcast.transfer.ExitCode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** The options {@code jcast send} and {@code jcast receive} share for choosing and running the jcast protocol. */
public final class JcastProtocolOptions {
    /** Which protocol a transfer speaks. */
    public enum Protocol { UDPCAST, JCAST }

    @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "udpcast",
            description = "udpcast: the UDPcast 20120424 protocol (works with Debian's udp-sender/udp-receiver); "
                    + "jcast: jcast's own (NACK repair, no start barrier, late join, SHA-256-verified copies; "
                    + "sender and every receiver must use it).")
    Protocol protocol = Protocol.UDPCAST;

    @Option(names = "--key-file", paramLabel = "FILE", showDefaultValue = Visibility.NEVER,
            description = "jcast protocol: authenticate every datagram with HMAC-SHA256 under the key in FILE (its "
                    + "bytes, at least 16; e.g. head -c 32 /dev/urandom > key). Sender and receivers need the same "
                    + "file. Default: no key.")
    Path keyFile;

    @Option(names = "--name", paramLabel = "NAME", showDefaultValue = Visibility.NEVER,
            description = "jcast protocol: the stream's name. The sender announces it; a receiver takes only a "
                    + "stream of this name and refuses others (e.g. the wrong partition). Default: none / any.")
    String name;

    @Option(names = "--group", paramLabel = "IP", converter = OptionConverters.Ipv4.class,
            showDefaultValue = Visibility.NEVER,
            description = "jcast protocol: the session's multicast group (data on --port-base, NACKs on the next "
                    + "port). Default: 239.255.74.67.")
    InetAddress group;

    boolean jcast() {
        return protocol == Protocol.JCAST;
    }

    InetAddress groupOrDefault() {
        return group != null ? group : NackEndpoints.DEFAULT_GROUP;
    }

    /** Refuses jcast-protocol options given without {@code --protocol jcast}. */
    void requireJcastFor(String... otherOptions) {
        if (jcast()) {
            return;
        }
        if (keyFile != null || name != null || group != null) {
            throw new CommandFailure(ExitCode.USAGE, (keyFile != null ? "--key-file" : name != null ? "--name"
                    : "--group") + " needs --protocol jcast");
        }
        for (String o : otherOptions) {
            if (o != null) {
                throw new CommandFailure(ExitCode.USAGE, o + " needs --protocol jcast");
            }
        }
    }

    /** {@code settings} with the key of --key-file, if any. */
    NackSettings withKey(NackSettings settings) {
        if (keyFile == null) {
            return settings;
        }
        byte[] key;
        try {
            key = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.IO_ERROR, "cannot read the key file " + keyFile + ": "
                    + e.getMessage());
        }
        if (key.length < DatagramSeal.MIN_KEY_BYTES) {
            throw new CommandFailure(ExitCode.USAGE, "the key file " + keyFile + " has " + key.length
                    + " bytes; at least " + DatagramSeal.MIN_KEY_BYTES + " are needed");
        }
        return settings.withKey(key);
    }
}
