package io.jcast.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What this machine offers a test: root, Debian tools. Tests that need more skip with the reason. */
public final class Environment {
    private Environment() {
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static Optional<Path> which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            for (String d : new String[] {dir, "/usr/sbin", "/sbin"}) {
                Path p = Path.of(d, program);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test unless it runs as root (network namespaces, nftables, tc). */
    public static void assumeRoot() {
        boolean root = isRoot();
        if (!root) {
            System.out.println("SKIPPED: needs root to create network namespaces");
        }
        assumeTrue(root, "needs root to create network namespaces");
    }

    /** Skips the calling test unless every program is installed; names the Debian package to install. */
    public static void assumePrograms(String debianPackage, String... programs) {
        for (String program : programs) {
            boolean present = which(program).isPresent();
            if (!present) {
                System.out.println("SKIPPED: " + program + " not found (apt-get install " + debianPackage + ")");
            }
            assumeTrue(present, program + " not found (apt-get install " + debianPackage + ")");
        }
    }

    /** Root plus iproute2, nftables and ethtool: what every namespace test needs. */
    public static void assumeNamespaceLab() {
        assumeRoot();
        assumePrograms("iproute2", "ip");
        assumePrograms("nftables", "nft");
        assumePrograms("ethtool", "ethtool");
    }
}
