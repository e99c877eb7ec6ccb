package io.jcast.cli;

import io.jcast.transfer.ExitCode;
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
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:transfer complete (every receiver that stayed got every byte)",
            " 2:bad or conflicting command-line option",
            " 3:input could not be read or output could not be written",
            " 4:network setup failed (unknown interface, no multicast, port in use)",
            " 5:the transfer did not start in time",
            " 6:the sender had no receiver when the transfer started",
            " 7:the transfer finished but some receivers were dropped or left early",
            " 8:the transfer did not complete",
            " 9:the --pipe filter command failed",
            "130:cancelled"
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
        cl.setExitCodeExceptionMapper(ex -> ExitCode.INTERNAL_ERROR.code());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + (ex.getMessage() == null ? ex : ex.getMessage()));
            return ExitCode.INTERNAL_ERROR.code();
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(cmd.getCommandName() + ": " + ex.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE.code();
        });
        return cl;
    }
}
