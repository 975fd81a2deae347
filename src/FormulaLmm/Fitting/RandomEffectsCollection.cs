using System.Diagnostics.CodeAnalysis;
using System.Collections;

namespace FormulaLmm.Fitting;

/// <summary>
/// The BLUPs of a fit: a list with one entry per random-effects term (design order) that can also
/// be read by grouping factor, as lme4's <c>ranef(fit)$Subject</c>: <c>fit.RandomEffects["Subject"]</c>
/// gathers every term grouped by that factor (both halves of <c>(Days || Subject)</c>) into one table.
/// </summary>
public sealed class RandomEffectsCollection : IReadOnlyList<TermRandomEffects>
{
    private readonly TermRandomEffects[] _terms;

    /// <summary>The BLUPs of each random-effects term, in the design's term order.</summary>
    public RandomEffectsCollection(IEnumerable<TermRandomEffects> terms) => _terms = terms.ToArray();

    /// <summary>The BLUPs of the <paramref name="index"/>-th random-effects term (design order).</summary>
    public TermRandomEffects this[int index] => _terms[index];

    /// <summary>The random effects of one grouping factor (e.g. "Subject", "cask:batch").</summary>
    /// <exception cref="KeyNotFoundException">No term is grouped by <paramref name="group"/>; the message lists the factors.</exception>
    public GroupRandomEffects this[string group] => TryGet(group, out var effects)
        ? effects
        : throw new KeyNotFoundException($"no random effects are grouped by '{group}'; grouping factors: {string.Join(", ", Groups)}");

    /// <summary>The grouping factors, each once, in term order.</summary>
    public IReadOnlyList<string> Groups => _terms.Select(t => t.Group).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The random effects of one grouping factor, or false when no term uses it.</summary>
    /// <param name="group">The grouping factor's name, e.g. <c>"Subject"</c> (case-sensitive).</param>
    /// <param name="effects">The factor's BLUPs when found; otherwise null.</param>
    public bool TryGet(string group, [MaybeNullWhen(false)] out GroupRandomEffects effects)
    {
        var terms = _terms.Where(t => t.Group == group).ToArray();
        effects = terms.Length == 0 ? null! : GroupRandomEffects.Merge(group, terms);
        return terms.Length > 0;
    }

    /// <summary>Number of random-effects terms.</summary>
    public int Count => _terms.Length;

    /// <summary>The terms in design order.</summary>
    public IEnumerator<TermRandomEffects> GetEnumerator() => ((IEnumerable<TermRandomEffects>)_terms).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _terms.GetEnumerator();
}

/// <summary>
/// The BLUPs of one grouping factor across all its terms: Values[level, column] and conditional
/// SDs, columns in term order (lme4's <c>ranef(fit, condVar = TRUE)$g</c>). Read one with
/// <c>effects["308", "Days"]</c>.
/// </summary>
/// <param name="Group">The grouping factor, e.g. <c>Subject</c>.</param>
/// <param name="Names">The random effects (columns), all terms' in term order, e.g. <c>(Intercept)</c>, <c>Days</c>.</param>
/// <param name="Levels">The grouping factor's levels in R's order (rows).</param>
/// <param name="Values">The BLUPs, levels × effects.</param>
/// <param name="ConditionalSds">Their conditional standard deviations, levels × effects.</param>
/// <param name="Terms">The terms joined here, e.g. both halves of <c>(Days || Subject)</c>.</param>
public sealed record GroupRandomEffects(
    string Group,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Levels,
    ReadOnlyMatrix Values,
    ReadOnlyMatrix ConditionalSds,
    IReadOnlyList<TermRandomEffects> Terms)
{
    /// <summary>The BLUP of column <paramref name="name"/> for level <paramref name="level"/> (lme4's <c>ranef(m)$g[level, name]</c>).</summary>
    /// <param name="level">A level of the grouping factor, e.g. <c>"308"</c>.</param>
    /// <param name="name">A random effect, e.g. <c>"(Intercept)"</c> or <c>"Days"</c>.</param>
    /// <exception cref="KeyNotFoundException">No such level or random effect.</exception>
    public double this[string level, string name] => Values[LevelIndex(level), NameIndex(name)];

    /// <summary>The conditional SD of the BLUP of <paramref name="name"/> for <paramref name="level"/>.</summary>
    /// <param name="level">A level of the grouping factor.</param>
    /// <param name="name">A random effect.</param>
    /// <exception cref="KeyNotFoundException">No such level or random effect.</exception>
    public double ConditionalSd(string level, string name) => ConditionalSds[LevelIndex(level), NameIndex(name)];

    private int LevelIndex(string level)
    {
        for (int i = 0; i < Levels.Count; i++) if (Levels[i] == level) return i;
        throw new KeyNotFoundException($"'{Group}' has no level '{level}'");
    }

    private int NameIndex(string name)
    {
        for (int i = 0; i < Names.Count; i++) if (Names[i] == name) return i;
        throw new KeyNotFoundException($"'{Group}' has no random effect '{name}'; its columns are {string.Join(", ", Names)}");
    }

    internal static GroupRandomEffects Merge(string group, IReadOnlyList<TermRandomEffects> terms)
    {
        if (terms.Count == 1)
            return new GroupRandomEffects(group, terms[0].Names, terms[0].Levels, terms[0].Values, terms[0].ConditionalSds, terms);
        var levels = terms[0].Levels;
        var names = terms.SelectMany(t => t.Names).ToArray();
        int k = names.Length, L = levels.Count;
        var values = new double[L * k];
        var sds = new double[L * k];
        int offset = 0;
        foreach (var t in terms)
        {
            for (int l = 0; l < L; l++)
                for (int c = 0; c < t.Names.Count; c++)
                {
                    values[l * k + offset + c] = t.Values[l, c];
                    sds[l * k + offset + c] = t.ConditionalSds[l, c];
                }
            offset += t.Names.Count;
        }
        return new GroupRandomEffects(group, names, levels, new ReadOnlyMatrix(L, k, values), new ReadOnlyMatrix(L, k, sds), terms);
    }
}
