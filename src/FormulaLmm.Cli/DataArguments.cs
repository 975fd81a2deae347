using FormulaLmm.Data;

namespace FormulaLmm.Cli;

/// <summary>
/// The data options shared by the commands that read a table (matrices, fit, check):
/// <c>--data &lt;file.csv | data set&gt;</c> and <c>--factor a,b</c>. A value that names an
/// existing file or looks like a path (ends in .csv, holds a '/') is read as CSV; otherwise it is
/// the name of an embedded data set (see formula-lmm datasets). Unknown names, missing files and
/// unknown --factor columns are user errors (exit 2) that name the culprit.
/// </summary>
public static class DataArguments
{
    public const string Usage = "--data <file.csv | data set> [--factor a,b]";

    public const string OptionsHelp = """
          --data X      a CSV file (header row; empty or NA = missing) or the name of an
                        embedded data set (formula-lmm datasets lists them)
          --factor a,b  treat these columns as categorical even though their values are numbers
        """;

    /// <summary>Reads --data and --factor (marking them read) without loading anything yet.</summary>
    /// <exception cref="UsageException">--data is missing.</exception>
    public static DataRequest Read(CommandArguments args)
    {
        var data = args.Option("data")
            ?? throw new UsageException("missing --data: give a CSV file or an embedded data set name, e.g. --data sleepstudy");
        var factors = (args.Option("factor") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new DataRequest(data, factors);
    }

    /// <summary>Reads --data and --factor and loads the table.</summary>
    public static Table Load(CommandArguments args) => Read(args).Load();
}

/// <summary>What --data and --factor asked for.</summary>
public sealed record DataRequest(string Source, IReadOnlyList<string> Factors)
{
    /// <summary>Loads the file or data set and makes the --factor columns categorical.</summary>
    /// <exception cref="Diagnostics.FormulaLmmException">The file or data set cannot be read, or a --factor column is unknown.</exception>
    public Table Load() => DataSource.Load(Source, Factors);
}
