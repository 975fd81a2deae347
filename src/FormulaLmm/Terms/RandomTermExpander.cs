using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Terms;

/// <summary>
/// Expands each random-effects term as lme4 1.1-31's findbars() does, in order of appearance:
/// first '||' (expandDoubleVerts: the intercept, if any, and every term of the left-hand side
/// become bar terms of their own), then nested grouping 'a/b' (expandSlash: one term per grouping
/// factor, innermost first). The left-hand side is a one-sided formula with R's term algebra.
/// </summary>
internal sealed class RandomTermExpander : IRandomTermSink
{
    private readonly List<Diagnostic> _diagnostics;
    private readonly List<RandomTermSpec> _terms = new();

    public RandomTermExpander(List<Diagnostic> diagnostics) => _diagnostics = diagnostics;

    public IReadOnlyList<RandomTermSpec> Terms => _terms;

    public void Add(RandomTermExpression term, CovarianceStructure covariance, TextSpan span)
    {
        int errorsBefore = _diagnostics.Count(d => d.IsError);
        var effects = new TermAlgebra(_diagnostics, randomTerms: null, offsetsAllowed: false);
        var encoded = TermAlgebra.SortByOrder(effects.Encode(term.Effects));
        var groups = GroupingExpansion.Expand(term.Group, _diagnostics);
        bool effectsValid = _diagnostics.Count(d => d.IsError) == errorsBefore;
        if (effectsValid && !effects.HasIntercept && encoded.Count == 0)
        {
            _diagnostics.Add(Diagnostic.Error(TermsCodes.NoRandomEffects,
                $"{FormulaPrinter.Print(term)} has no random effects: the part before '{(term.Uncorrelated ? "||" : "|")}' " +
                "removes the intercept and adds nothing; write (1 | g) for a random intercept",
                term.Effects.Span));
            return;
        }
        if (groups is null) return;

        var modelTerms = encoded.Select(effects.ToModelTerm).ToArray();
        var blocks = new List<(bool Intercept, IReadOnlyList<ModelTerm> Terms)>();
        if (!term.Uncorrelated) blocks.Add((effects.HasIntercept, modelTerms));
        else
        {
            if (effects.HasIntercept) blocks.Add((true, Array.Empty<ModelTerm>()));
            foreach (var t in modelTerms) blocks.Add((false, new[] { t }));
        }

        foreach (var block in blocks)
            foreach (var group in groups)
                _terms.Add(new RandomTermSpec(block.Intercept, block.Terms, group.Variables, covariance, span)
                {
                    GroupLabel = group.Label,
                });
    }
}
