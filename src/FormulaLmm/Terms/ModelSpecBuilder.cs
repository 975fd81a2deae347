using System.Diagnostics.CodeAnalysis;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;

namespace FormulaLmm.Terms;

/// <summary>The outcome of parsing and building a formula: the spec unless parsing failed, and every diagnostic.</summary>
/// <param name="Spec">The model's terms; null when the formula did not parse. Check <see cref="Success"/> before using it: it may hold errors.</param>
/// <param name="Diagnostics">Every diagnostic of parsing (FL00xx) and term building (FL01xx), errors first.</param>
/// <param name="Text">The formula text as given (empty for null).</param>
public sealed record ModelSpecResult(ModelSpec? Spec, DiagnosticList Diagnostics, string Text)
{
    /// <summary>True when there is a spec and no diagnostic is an error (warnings such as FL0150 may remain).</summary>
    [MemberNotNullWhen(true, nameof(Spec))]
    public bool Success => Spec is not null && !Diagnostics.HasErrors;
}

/// <summary>
/// The Terms stage: a parsed formula becomes a <see cref="ModelSpec"/> with R's terms.formula
/// semantics for the fixed part and lme4's expansion of random-effects terms.
/// </summary>
public static class ModelSpecBuilder
{
    /// <summary>Builds the model a parsed formula describes; never throws for user input.</summary>
    /// <param name="syntax">A formula parsed without errors by <see cref="Formula.TryParse"/>.</param>
    /// <returns>The spec; its <see cref="ModelSpec.Diagnostics"/> hold the FL01xx problems (see <see cref="ModelSpec.HasErrors"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="syntax"/> is null.</exception>
    public static ModelSpec Build(FormulaSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        try
        {
            return BuildCore(syntax);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug of ours must not escape as a crash of the caller's input handling.
            return new ModelSpec(syntax, null, true, Array.Empty<ModelTerm>(), Array.Empty<TermVariable>(),
                Array.Empty<RandomTermSpec>(),
                DiagnosticList.Of(Diagnostic.Error(TermsCodes.InternalTermsError, $"internal error while building the model terms: {ex.Message}")));
        }
    }

    /// <summary>Parses and builds; never throws. Diagnostics of both stages, errors first.</summary>
    /// <param name="formula">The formula text, e.g. <c>"Reaction ~ Days + (Days | Subject)"</c>; null is read as empty.</param>
    public static ModelSpecResult Build(string formula)
    {
        formula ??= "";
        var parsed = Formula.TryParse(formula);
        if (!parsed.Success) return new ModelSpecResult(null, DiagnosticList.From(parsed.Diagnostics), formula);
        var spec = Build(parsed.Syntax!);
        var all = DiagnosticList.From(parsed.Diagnostics.Concat(spec.Diagnostics));
        return new ModelSpecResult(spec with { Diagnostics = all }, all, formula);
    }

    private static ModelSpec BuildCore(FormulaSyntax syntax)
    {
        var diagnostics = new List<Diagnostic>();
        var random = new RandomTermExpander(diagnostics);
        var algebra = new TermAlgebra(diagnostics, random, offsetsAllowed: true);

        TermVariable? response = null;
        int responseIndex = -1;
        if (syntax.Response is { } r && CheckResponse(r, diagnostics))
        {
            responseIndex = algebra.InstallResponse(r);
            response = algebra.Variable(responseIndex);
        }

        var encoded = algebra.Encode(syntax.RightHandSide);
        var offsets = new HashSet<int>(algebra.OffsetVariables);
        var kept = new List<EncodedTerm>();
        foreach (var term in encoded)
        {
            if (term.Order == 1 && offsets.Contains(term.Variables[0])) continue;
            if (term.Order == 1 && term.Variables[0] == responseIndex)
            {
                // R's model.matrix does the same, with a warning.
                diagnostics.Add(Diagnostic.Warning(TermsCodes.ResponseOnRightHandSide,
                    $"the response {response!.Label} also appears on the right-hand side; it was dropped there",
                    term.Span));
                continue;
            }
            kept.Add(term);
        }

        var fixedTerms = TermAlgebra.SortByOrder(kept).Select(algebra.ToModelTerm).ToArray();
        var offsetVariables = algebra.OffsetVariables
            .Select(i => new TermVariable(((CallExpression)algebra.Variable(i).Expression).Arguments[0].Value))
            .ToArray();
        var randomTerms = random.Terms;

        if (!algebra.HasIntercept && fixedTerms.Length == 0 && randomTerms.Count == 0 && !diagnostics.Any(d => d.IsError))
            diagnostics.Add(Diagnostic.Error(TermsCodes.EmptyModel,
                "the model is empty: it has no intercept, no terms and no random effects; write at least y ~ 1 or add terms",
                syntax.RightHandSide.Span));

        WarnAboutRepeatedRandomTerms(randomTerms, diagnostics);

        return new ModelSpec(syntax, response, algebra.HasIntercept, fixedTerms, offsetVariables, randomTerms,
            DiagnosticList.From(diagnostics));
    }

    private static bool CheckResponse(Expression response, List<Diagnostic> diagnostics)
    {
        if (TermAlgebra.FindRandomTerm(response) is { } bar)
        {
            diagnostics.Add(Diagnostic.Error(TermsCodes.RandomTermInResponse,
                $"the random-effects term {FormulaPrinter.Print(bar)} is on the response side of '~': " +
                "move it to the right, e.g. y ~ x + (1 | g)",
                bar.Span));
            return false;
        }
        if (response is NameExpression { Name: "." })
        {
            diagnostics.Add(Diagnostic.Error(TermsCodes.DotNotSupported,
                "'.' cannot be the response: name the response column, e.g. y ~ x", response.Span));
            return false;
        }
        return true;
    }

    // lme4 fits both copies (each with its own variance); that is almost never what was meant.
    private static void WarnAboutRepeatedRandomTerms(IReadOnlyList<RandomTermSpec> terms, List<Diagnostic> diagnostics)
    {
        for (int j = 1; j < terms.Count; j++)
            for (int i = 0; i < j; i++)
            {
                var a = terms[i];
                var b = terms[j];
                if (a.GroupLabel != b.GroupLabel || a.HasIntercept != b.HasIntercept || a.Terms.Count != b.Terms.Count
                    || a.Covariance != b.Covariance || !a.Terms.All(t => b.Terms.Any(t.SameVariablesAs)))
                    continue;
                diagnostics.Add(Diagnostic.Warning(TermsCodes.DuplicateRandomTerm,
                    $"the random effects {Describe(b)} appear twice; lme4 fits both copies, each with its own variance, " +
                    "which splits one variance in two",
                    b.Span));
                break;
            }
    }

    private static string Describe(RandomTermSpec t)
    {
        var parts = new List<string>();
        if (t.HasIntercept) parts.Add("1");
        else parts.Add("0");
        parts.AddRange(t.Terms.Select(m => m.Label));
        return $"({string.Join(" + ", parts)} | {t.GroupLabel})";
    }
}
