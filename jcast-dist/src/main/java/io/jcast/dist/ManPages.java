package io.jcast.dist;

import io.jcast.cli.JcastCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the Debian package's man pages, gzip'd, from the picocli definitions the CLI parses with, so that a man page
 * never says something {@code --help} does not: {@code jcast.1} (every visible command) and the drop-ins'
 * {@code udp-sender.1} and {@code udp-receiver.1}. Emits troff directly: an AsciiDoc detour would need asciidoctor.
 */
public final class ManPages {
    private final String version;

    private ManPages(String version) {
        this.version = version;
    }

    /** {@code ManPages OUTPUT_DIR VERSION}. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        ManPages pages = new ManPages(args[1]);
        CommandLine jcast = JcastCommand.commandLine();
        write(dir.resolve("jcast.1.gz"), pages.page(jcast.getCommandSpec(), "udp-sender(1), udp-receiver(1)"));
        for (String dropIn : new String[] {"udp-sender", "udp-receiver"}) {
            write(dir.resolve(dropIn + ".1.gz"), pages.page(jcast.getSubcommands().get(dropIn).getCommandSpec(),
                    "jcast(1), udpcast's " + dropIn + "(1)"));
        }
    }

    private static void write(Path file, String troff) throws IOException {
        // GZIPOutputStream stamps no time: a page's bytes depend only on the command definitions.
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write(troff);
        }
    }

    /** A whole page; the drop-ins are named as the programs they replace, not as "jcast udp-sender". */
    String page(CommandSpec spec, String seeAlso) {
        String name = spec.name();
        StringBuilder out = new StringBuilder();
        out.append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"\" \"jcast ").append(version)
                .append("\" \"User Commands\"\n");
        out.append(".SH NAME\n").append(roff(name)).append(" \\- ").append(roff(summary(spec))).append('\n');
        out.append(".SH SYNOPSIS\n");
        synopsis(out, spec);
        out.append(".SH DESCRIPTION\n").append(paragraphs(spec.usageMessage().description()));
        out.append(".SH OPTIONS\n");
        options(out, spec);
        notes(out, spec);
        exitCodes(out, spec.usageMessage().exitCodeList(), ".SH \"EXIT STATUS\"\n");
        if (spec.parent() == null) {
            out.append(".SH COMMANDS\n");
            for (CommandLine sub : spec.subcommands().values().stream().distinct().toList()) {
                command(out, sub.getCommandSpec());
            }
        }
        out.append(".SH SEE ALSO\n").append(roff(seeAlso)).append('\n');
        return out.toString();
    }

    /** One subcommand (and its own subcommands) as a subsection of jcast.1. */
    private void command(StringBuilder out, CommandSpec spec) {
        if (spec.usageMessage().hidden()) {
            return; // the drop-ins have their own pages
        }
        out.append(".SS \"").append(roff(spec.qualifiedName())).append("\"\n");
        synopsis(out, spec);
        out.append(".PP\n").append(paragraphs(spec.usageMessage().description()));
        options(out, spec);
        notes(out, spec);
        exitCodes(out, spec.usageMessage().exitCodeList(), ".PP\n\\fBExit status\\fR\n");
        for (CommandLine sub : spec.subcommands().values().stream().distinct().toList()) {
            command(out, sub.getCommandSpec());
        }
    }

    /** The NAME line: the header, else the description's first clause (up to ": " or ". "). */
    private static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] lines = header.length > 0 ? header : spec.usageMessage().description();
        String text = Arrays.stream(lines).map(ManPages::format).collect(Collectors.joining(" ")).strip();
        int end = text.length();
        for (String stop : new String[] {": ", ". "}) {
            int at = text.indexOf(stop);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        return text.substring(0, end).replaceAll("\\.$", "");
    }

    private static void synopsis(StringBuilder out, CommandSpec spec) {
        String text = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip();
        out.append(".nf\n").append(roff(text)).append("\n.fi\n");
    }

    private static void options(StringBuilder out, CommandSpec spec) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                item(out, spec, p, "\\fI" + roff(p.paramLabel()) + "\\fR");
            }
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            String names = Arrays.stream(o.names()).map(n -> "\\fB" + roff(n) + "\\fR")
                    .collect(Collectors.joining(", "));
            if (o.arity().max() > 0) {
                names += "=\\fI" + roff(o.paramLabel()) + "\\fR";
            }
            item(out, spec, o, names);
        }
    }

    private static void item(StringBuilder out, CommandSpec spec, ArgSpec arg, String label) {
        out.append(".TP\n").append(label).append('\n').append(paragraphs(arg.description()));
        if (showsDefault(spec, arg)) {
            // Defaults computed from the home directory (serve's --data-dir) must not name the build user's.
            String value = arg.defaultValueString().replace(System.getProperty("user.home") + "/", "~/");
            out.append("Default: ").append(roff(value)).append('\n');
        }
    }

    /** As {@code --help} decides, except that flags (no value to show) never get a default line. */
    private static boolean showsDefault(CommandSpec spec, ArgSpec arg) {
        String value = arg.defaultValueString();
        boolean shown = switch (arg.showDefaultValue()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ON_DEMAND -> spec.usageMessage().showDefaultValues();
        };
        return shown && arg.arity().max() > 0 && value != null && !value.equals("null") && !value.isEmpty();
    }

    /** Footers hold examples laid out by hand: kept as typed. */
    private static void notes(StringBuilder out, CommandSpec spec) {
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            out.append(".PP\n.nf\n");
            for (String line : footer) {
                out.append(roff(format(line))).append('\n');
            }
            out.append(".fi\n");
        }
    }

    private static void exitCodes(StringBuilder out, Map<String, String> codes, String heading) {
        if (codes.isEmpty()) {
            return;
        }
        out.append(heading);
        codes.forEach((code, meaning) -> out.append(".TP\n").append(roff(code.strip())).append('\n')
                .append(roff(meaning)).append('\n'));
    }

    /** Description lines are broken for an 80-column terminal: troff refills them; a blank line starts a paragraph. */
    private static String paragraphs(String[] lines) {
        String text = Arrays.stream(lines).map(ManPages::format).collect(Collectors.joining("\n"));
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            out.append(line.isBlank() ? ".PP" : roff(line.strip())).append('\n');
        }
        return out.toString();
    }

    /** picocli's own treatment of usage text: each line is a format string ("%n" is a line break). */
    private static String format(String line) {
        return String.format(Locale.ROOT, line).replace("\r\n", "\n");
    }

    /** Escapes text for troff: backslashes, ASCII hyphens (so options copy and paste) and leading control dots. */
    static String roff(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.lines().map(l -> l.startsWith(".") || l.startsWith("'") ? "\\&" + l : l)
                .collect(Collectors.joining("\n"));
    }
}
