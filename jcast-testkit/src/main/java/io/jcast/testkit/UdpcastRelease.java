package io.jcast.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The releases of the real udpcast that interop tests run against. Both speak the same wire format; they differ in
 * what the issue trackers of FOG and Clonezilla meet: the default data address, SSM in 232/8, the exit code of a start
 * timeout, and whether FEC was compiled in.
 */
public enum UdpcastRelease {
    /** Debian's udpcast package (bookworm, trixie): what the imaging boot images have carried for a decade. */
    DEBIAN_20120424(null),
    /**
     * Debian sid's 20250223 package (its programs say 20230924), built without FEC, run on sid's glibc from the
     * directory {@code .ci/install-udpcast-sid} fills: {@code $JCAST_UDPCAST_SID} or /opt/jcast-test/udpcast-sid.
     */
    SID_20250223(Path.of(System.getenv().getOrDefault("JCAST_UDPCAST_SID", "/opt/jcast-test/udpcast-sid")));

    private final Path installed;

    UdpcastRelease(Path installed) {
        this.installed = installed;
    }

    /** The command that runs {@code program} (udp-sender or udp-receiver) of this release. */
    public String program(String program) {
        return installed == null ? program : installed.resolve("bin").resolve(program).toString();
    }

    /** Skips the calling test, with the reason, unless this release's programs are installed. */
    public void assumeInstalled() {
        if (installed == null) {
            Environment.assumePrograms("udpcast", "udp-sender", "udp-receiver");
            return;
        }
        boolean present = Files.isExecutable(installed.resolve("bin/udp-sender"))
                && Files.isExecutable(installed.resolve("bin/udp-receiver"));
        String why = "udpcast 20250223 not found in " + installed + " (run .ci/install-udpcast-sid)";
        if (!present) {
            System.out.println("SKIPPED: " + why);
        }
        assumeTrue(present, why);
    }
}
