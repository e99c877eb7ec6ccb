package io.jcast.cli;

import io.jcast.cli.udpcast.UdpReceiverCommand;
import io.jcast.cli.udpcast.UdpSenderCommand;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jcast}: the root command; it only lists its subcommands. */
@Command(name = "jcast",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "IP multicast file transfer (UDPcast-compatible), diagnostics and session manager.",
        subcommands = {
            CommandLine.HelpCommand.class,
            io.jcast.cli.diag.SsmpingCommand.class,
            io.jcast.cli.diag.AsmpingCommand.class,
            io.jcast.cli.diag.SsmpingdCommand.class,
            io.jcast.cli.diag.McfirstCommand.class,
            io.jcast.cli.diag.OmpingCommand.class,
            io.jcast.cli.diag.DoctorCommand.class,
            io.jcast.cli.server.ServeCommand.class,
            io.jcast.cli.server.SessionCommand.class,
            SendCommand.class,
            ReceiveCommand.class,
            UdpSenderCommand.class,
            UdpReceiverCommand.class,
        })
public final class JcastCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** The configured command line: usage errors exit {@link ExitCode#USAGE}, failures print one line. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new JcastCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // getopt semantics for the drop-in front ends: repeated options (last wins) and unambiguous prefixes
        for (String frontEnd : new String[] {"udp-sender", "udp-receiver"}) {
            cl.getSubcommands().get(frontEnd).setOverwrittenOptionsAllowed(true).setAbbreviatedOptionsAllowed(true);
        }
        // The transfer commands list ExitCode's codes and meanings, so --help and the man pages cannot disagree
        // with what the programs return.
        for (CommandLine cmd : List.of(cl, cl.getSubcommands().get("send"), cl.getSubcommands().get("receive"),
                cl.getSubcommands().get("udp-sender"), cl.getSubcommands().get("udp-receiver"))) {
            cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes());
        }
        cl.setExitCodeExceptionMapper(ex -> ExitCode.INTERNAL_ERROR.code());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            ExitCode code = ExitCode.INTERNAL_ERROR;
            if (ex instanceof CommandFailure f) {
                code = f.exitCode();
            } else if (ex instanceof TransferException t) {
                code = t.exitCode();
            }
            cmd.getErr().println(programName(cmd) + ": " + (ex.getMessage() == null ? ex : ex.getMessage()));
            cmd.getErr().flush();
            return code.code();
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(programName(cmd) + ": " + ex.getMessage());
            cmd.getErr().println("Try '" + programName(cmd) + " --help' for more information.");
            cmd.getErr().flush();
            return ExitCode.USAGE.code();
        });
        return cl;
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            list.put(String.format("%3d", c.code()), c.meaning());
        }
        return list;
    }

    /** How error lines name the program: "udp-sender" for the drop-in front ends, else "jcast send". */
    static String programName(CommandLine cmd) {
        String name = cmd.getCommandName();
        return name.startsWith("udp-") ? name : cmd.getCommandSpec().qualifiedName();
    }
}
