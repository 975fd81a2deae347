using FormulaLmm.Fitting;

namespace FormulaLmm.Results;

/// <summary>
/// The names lme4 prints for the parts of a fit. VarCorr names its terms after their grouping
/// factors made unique with R's <c>make.unique</c>: <c>(Days || Subject)</c> gives "Subject" and
/// "Subject.1". BLUPs, θ names and the group counts keep the factor's own name ("Subject").
/// </summary>
internal static class Lme4Names
{
    /// <summary>The VarCorr name of each random-effects term, in the fit's term order.</summary>
    public static IReadOnlyList<string> VarCorrGroups(LmmFit fit) => MakeUnique(fit.VarCorr.Select(t => t.Group).ToArray());

    /// <summary>
    /// The grouping factors with their numbers of levels (lme4's ngrps), each factor once, in the
    /// order of the terms (lme4's flist order).
    /// </summary>
    public static IReadOnlyList<(string Group, int Levels)> GroupingFactors(LmmFit fit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<(string, int)>();
        foreach (var t in fit.Design.RandomTerms)
            if (seen.Add(t.GroupName)) list.Add((t.GroupName, t.LevelCount));
        return list;
    }

    /// <summary>R's make.unique: the second "a" becomes "a.1", the third "a.2", skipping names already taken.</summary>
    public static string[] MakeUnique(IReadOnlyList<string> names)
    {
        var result = names.ToArray();
        var taken = new HashSet<string>(names, StringComparer.Ordinal);
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstSeen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < result.Length; i++)
        {
            if (firstSeen.Add(names[i])) continue;
            int k = counters.GetValueOrDefault(names[i], 1);
            string candidate;
            do candidate = $"{names[i]}.{k++}"; while (taken.Contains(candidate));
            counters[names[i]] = k;
            taken.Add(candidate);
            result[i] = candidate;
        }
        return result;
    }
}
