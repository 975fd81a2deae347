using FormulaLmm.Cli.Commands;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Cli;

/// <summary>Exit codes: 0 success, 1 internal failure (a bug of ours), 2 user error.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int UserError = 2;
}

/// <summary>Thrown by commands for wrong command-line usage; reported without a stack trace, exit 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>One sub-command of formula-lmm.</summary>
public interface ICliCommand
{
    string Name { get; }
    string Summary { get; }
    /// <summary>Full help text with usage and examples.</summary>
    string Help { get; }
    int Run(CommandArguments args, TextWriter stdout, TextWriter stderr);
}

/// <summary>Composes library calls behind sub-commands; holds no statistics of its own.</summary>
public static class CliApp
{
    public static IReadOnlyList<ICliCommand> Commands { get; } = new ICliCommand[]
    {
        new ParseCommand(),
        new DatasetsCommand(),
        new MatricesCommand(),
        new CheckCommand(),
        new FitCommand(),
        new PlotCommand(),
        new BenchCommand(),
    };

    public static int Run(string[] argv, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (argv.Length == 0 || argv[0] is "-h" or "--help" or "help")
            {
                stdout.Write(OverallHelp());
                return argv.Length == 0 ? ExitCodes.UserError : ExitCodes.Success;
            }
            if (argv[0] is "--version")
            {
                stdout.WriteLine(typeof(CliApp).Assembly.GetName().Version?.ToString(3) ?? "0.1.0");
                return ExitCodes.Success;
            }
            var command = Commands.FirstOrDefault(c => c.Name == argv[0]);
            if (command is null)
            {
                stderr.WriteLine($"error: unknown command '{argv[0]}'. Commands: {string.Join(", ", Commands.Select(c => c.Name))}. See formula-lmm --help.");
                return ExitCodes.UserError;
            }
            var rest = argv[1..];
            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                stdout.Write(command.Help);
                return ExitCodes.Success;
            }
            return command.Run(new CommandArguments(rest), stdout, stderr);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return ExitCodes.UserError;
        }
        catch (FormulaLmmException ex)
        {
            stderr.Write(DiagnosticRenderer.RenderAll(ex.Diagnostics, ex.Source));
            return ExitCodes.UserError;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"internal error: {ex.Message}");
            stderr.WriteLine("This is a bug in formula-lmm; please report it with the command that caused it.");
            if (Environment.GetEnvironmentVariable("FORMULA_LMM_DEBUG") == "1") stderr.WriteLine(ex);
            return ExitCodes.InternalError;
        }
    }

    private static string OverallHelp()
    {
        var lines = new List<string>
        {
            "formula-lmm: linear mixed models with lme4-style formulas",
            "",
            "Usage: formula-lmm <command> [arguments] [options]",
            "",
            "Commands:",
        };
        lines.AddRange(Commands.Select(c => $"  {c.Name,-10} {c.Summary}"));
        lines.Add("");
        lines.Add("Run 'formula-lmm <command> --help' for a command's options and examples.");
        lines.Add("Exit codes: 0 success, 1 internal error, 2 bad input (formula, data, model or usage).");
        return string.Join('\n', lines) + "\n";
    }
}
