package io.jcast.diag.ssmping;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The ssmping suite's fixed numbers: port, default groups, asmping's group rule and ssmpingd's group check. */
public final class SsmpingGroups {
    /** ssmpingd's port; the client uses an ephemeral one and gets its multicast reply on it. */
    public static final int PORT = 4321;
    public static final InetAddress DEFAULT_IPV4 = literal("232.43.211.234");
    public static final InetAddress DEFAULT_IPV6 = literal("ff3e::4321:1234");

    private static final byte[] IPV6_GROUP_ID = {0x43, 0x21, 0x12, 0x34};

    private SsmpingGroups() {
    }

    /** The default SSM group of {@code address}'s family. */
    public static InetAddress defaultGroup(InetAddress address) {
        return address instanceof Inet4Address ? DEFAULT_IPV4 : DEFAULT_IPV6;
    }

    /**
     * asmping's rule: the group's last IPv4 byte becomes 234, or its last four IPv6 bytes become
     * {@code 43:21:12:34} ({@code 224.0.1.1} -> {@code 224.0.1.234}, {@code ff3e::1} -> {@code ff3e::4321:1234}).
     */
    public static InetAddress asmGroup(InetAddress group) {
        byte[] a = group.getAddress();
        if (group instanceof Inet4Address) {
            a[3] = (byte) 234;
        } else {
            System.arraycopy(IPV6_GROUP_ID, 0, a, 12, 4);
        }
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ssmpingd's {@code addrok}: only groups that end as asmping makes them are served. */
    public static boolean hasServedSuffix(InetAddress group) {
        byte[] a = group.getAddress();
        if (group instanceof Inet6Address) {
            return a[12] == IPV6_GROUP_ID[0] && a[13] == IPV6_GROUP_ID[1] && a[14] == IPV6_GROUP_ID[2]
                    && a[15] == IPV6_GROUP_ID[3];
        }
        return (a[3] & 0xff) == 234;
    }

    /** {@code a.getHostAddress()} without a zone suffix, as the C tools print addresses. */
    public static String text(InetAddress a) {
        String s = a.getHostAddress();
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        return a instanceof Inet6Address ? compress(s) : s;
    }

    /** Java prints {@code ff3e:0:0:0:0:0:4321:1234}; inet_ntop prints {@code ff3e::4321:1234}. */
    static String compress(String full) {
        String[] groups = full.split(":", -1);
        if (groups.length != 8) {
            return full;
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < 8 && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLength < 2) {
            return full;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bestStart; i++) {
            sb.append(i == 0 ? "" : ":").append(groups[i]);
        }
        sb.append("::");
        for (int i = bestStart + bestLength; i < 8; i++) {
            sb.append(i == bestStart + bestLength ? "" : ":").append(groups[i]);
        }
        return sb.toString();
    }

    private static InetAddress literal(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
