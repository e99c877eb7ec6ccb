package io.jcast.cli.udpcast;

import io.jcast.cli.CommandFailure;
import io.jcast.cli.VersionProvider;
import io.jcast.transfer.ExitCode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** What the udp-sender and udp-receiver front ends share. */
final class UdpcastFrontEnds {
    private UdpcastFrontEnds() {
    }

    /** Stops with a usage error (exit 2) when an option udpcast would reject, or jcast cannot honour, is set. */
    static void refuse(boolean condition, String message) {
        if (condition) {
            throw new CommandFailure(ExitCode.USAGE, message);
        }
    }

    /** What {@code --license} prints: jcast is a reimplementation, it ships none of udpcast's code. */
    static String license(String program) {
        return program + " (jcast " + VersionProvider.version() + ") is jcast's reimplementation of udpcast's "
                + program + ";\nit contains no udpcast code. Its licence is the jcast project's (see its LICENSE file).";
    }

    /** A number as C's {@code strtoul(s, NULL, 0)} reads it: decimal, 0x hexadecimal or 0 octal. */
    static final class CNumber implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return Integer.decode(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("invalid number '" + value + "'");
            }
        }
    }
}
