namespace FormulaLmm.Benchmarks;

/// <summary>
/// One model to time: the formula as FormulaLmm reads it, the data (a CSV path or an embedded data
/// set name), columns to read as categorical, REML or ML, and the same model as lme4 is given it
/// (formula and factor columns for ../shared/bench/time_lme4.R), so that both sides fit one model.
/// </summary>
/// <param name="Name">Short name used on the command line (<c>formula-lmm bench --case</c>).</param>
/// <param name="Formula">The model as FormulaLmm reads it.</param>
/// <param name="Data">A CSV path or an embedded data set name.</param>
/// <param name="Factors">Columns to read as categorical.</param>
/// <param name="Reml">REML (true) or ML.</param>
/// <param name="RFormula">The same model in lme4's syntax (as time_lme4.R gets it).</param>
/// <param name="RFactors">Columns time_lme4.R turns into factors.</param>
public sealed record BenchmarkCase(
    string Name,
    string Formula,
    string Data,
    IReadOnlyList<string> Factors,
    bool Reml,
    string RFormula,
    IReadOnlyList<string> RFactors)
{
    /// <summary>A large case runs once, cold, as a command-line fit would; small ones are repeated after warm-up.</summary>
    public bool IsLarge { get; init; }
}

/// <summary>The benchmark cases of issue 6: two small lme4 examples, InstEval, and the two simulated big data sets.</summary>
public static class BenchmarkCases
{
    /// <summary><c>Reaction ~ Days + (Days | Subject)</c> on sleepstudy, REML.</summary>
    public const string SleepstudyName = "sleepstudy";
    /// <summary><c>diameter ~ 1 + (1 | plate) + (1 | sample)</c> on Penicillin, REML.</summary>
    public const string PenicillinName = "penicillin";
    /// <summary><c>y ~ 1 + factor(service) + (1 | s) + (1 | d) + (1 | dept)</c> on InstEval, ML.</summary>
    public const string InstEvalName = "insteval";
    /// <summary><c>y ~ x + (1 + x | subj)</c> on big_nested.csv (1,000,000 rows, 20,000 subjects), REML.</summary>
    public const string BigNestedName = "big_nested";
    /// <summary><c>y ~ x + (1 | subj) + (1 | item)</c> on big_crossed.csv (400,000 rows, 4,000 × 2,500 crossed), REML.</summary>
    public const string BigCrossedName = "big_crossed";

    /// <summary>Every case, with big_nested.csv and big_crossed.csv looked for in <paramref name="bigDataDirectory"/>.</summary>
    /// <param name="bigDataDirectory">Folder holding the files written by ../shared/bench/make_big.R.</param>
    /// <param name="instEval">InstEval as a CSV path, or the embedded data set name "InstEval".</param>
    public static IReadOnlyList<BenchmarkCase> All(string bigDataDirectory, string instEval = "InstEval") =>
    [
        new(SleepstudyName, "Reaction ~ Days + (Days | Subject)", "sleepstudy", [], true,
            "Reaction ~ Days + (Days | Subject)", []),
        new(PenicillinName, "diameter ~ 1 + (1 | plate) + (1 | sample)", "Penicillin", [], true,
            "diameter ~ 1 + (1 | plate) + (1 | sample)", []),
        new(InstEvalName, "y ~ 1 + factor(service) + (1 | s) + (1 | d) + (1 | dept)", instEval, [], false,
            "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept)", ["s", "d", "dept", "service"]) { IsLarge = true },
        new(BigNestedName, "y ~ x + (1 + x | subj)", Path.Combine(bigDataDirectory, "big_nested.csv"), [], true,
            "y ~ x + (1 + x | subj)", []) { IsLarge = true },
        new(BigCrossedName, "y ~ x + (1 | subj) + (1 | item)", Path.Combine(bigDataDirectory, "big_crossed.csv"), [], true,
            "y ~ x + (1 | subj) + (1 | item)", []) { IsLarge = true },
    ];
}
