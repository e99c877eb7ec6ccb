package io.jcast.cli;

import io.jcast.fec.FecSpec;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value syntaxes shared by {@code jcast send/receive} and the udpcast front ends. */
public final class OptionConverters {
    private OptionConverters() {
    }

    /** Bits per second as {@link io.jcast.transfer.Bitrate#parse} reads them; a bad value is a usage error. */
    public static long parseBitrate(String text) {
        try {
            return io.jcast.transfer.Bitrate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** Buffer sizes as udpcast's {@code --sendbuf}/{@code --rcvbuf}: {@code k} ×1024, {@code m} ×1048576. */
    public static int parseBufferSize(String text) {
        String s = text.trim();
        long factor = 1;
        if (!s.isEmpty()) {
            char last = Character.toLowerCase(s.charAt(s.length() - 1));
            if (last == 'k' || last == 'm') {
                factor = last == 'k' ? 1024 : 1024 * 1024;
                s = s.substring(0, s.length() - 1);
            }
        }
        try {
            long v = Long.parseLong(s) * factor;
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("invalid buffer size '" + text + "': expected bytes such as 4m, 512k");
        }
    }

    /** A non-negative number of seconds, fractions allowed ({@code 1.5}). */
    public static Duration parseSeconds(String text) {
        try {
            BigDecimal s = new BigDecimal(text.trim());
            if (s.signum() < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos(s.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("invalid duration '" + text + "': expected seconds such as 30 or 1.5");
        }
    }

    public static final class Bitrate implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parseBitrate(value);
        }
    }

    public static final class BufferSize implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return parseBufferSize(value);
        }
    }

    public static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseSeconds(value);
        }
    }

    /** udpcast's {@code --fec [stripes x]redundancy[/stripesize]}. */
    public static final class Fec implements ITypeConverter<FecSpec> {
        @Override
        public FecSpec convert(String value) {
            try {
                return FecSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * An IPv4 address in dotted form, as {@link io.jcast.transfer.Ipv4#parse} reads it (the name {@code Ipv4} is this
     * class's converter); a bad value is a usage error.
     */
    public static InetAddress parseIpv4(String text) {
        try {
            return io.jcast.transfer.Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** An http:// or https:// base URL, e.g. of a jcast manager; a trailing slash is added. */
    public static final class HttpUrl implements ITypeConverter<java.net.URI> {
        @Override
        public java.net.URI convert(String value) {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(value.endsWith("/") ? value : value + "/");
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a URL");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not an http:// or https:// URL with a host");
            }
            return uri;
        }
    }

    public static final class Ipv4 implements ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String value) {
            return parseIpv4(value);
        }
    }

    /** A unicast address to bind: an IPv4 or IPv6 literal. */
    public static final class Address implements ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String value) {
            String s = value.trim();
            if (!s.contains(":")) {
                return parseIpv4(s);
            }
            try {
                // a string with ':' is parsed as an IPv6 literal by the JDK, never looked up
                return InetAddress.getByName(s);
            } catch (UnknownHostException e) {
                throw new TypeConversionException("invalid IP address '" + value + "'");
            }
        }
    }
}
