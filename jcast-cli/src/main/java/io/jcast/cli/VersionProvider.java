package io.jcast.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest, or the development version when run from classes. */
public final class VersionProvider implements IVersionProvider {
    /** jcast's version, e.g. "0.1.0". */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"jcast " + version()};
    }
}
