using FormulaLmm.Cli;

namespace FormulaLmm.Tests.Cli;

/// <summary>Runs formula-lmm in-process, as a user's shell would, and checks its error manners.</summary>
internal static class CliRunner
{
    /// <summary>Runs one command line; returns the exit code and what went to stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A user error reads as a diagnostic: no exception type, stack frame or internal-error text.</summary>
    public static void AssertCleanUserError(string err)
    {
        Assert.DoesNotContain("Exception", err);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("internal error", err);
    }
}
