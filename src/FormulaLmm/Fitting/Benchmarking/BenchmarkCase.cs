namespace FormulaLmm.Fitting.Benchmarking;

/// <summary>
/// One model to time: the formula as FormulaLmm reads it, the data (a CSV path or an embedded data
/// set name), columns to read as categorical, REML or ML, and the same model as lme4 is given it
/// (formula and factor columns for ../shared/bench/time_lme4.R), so that both sides fit one model.
/// </summary>
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
    public const string SleepstudyName = "sleepstudy";
    public const string PenicillinName = "penicillin";
    public const string InstEvalName = "insteval";
    public const string BigNestedName = "big_nested";
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
