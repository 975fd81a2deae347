namespace FormulaLmm.Design;

/// <summary>How a factor is coded when it gets contrasts (R's contr.* functions).</summary>
public enum ContrastKind
{
    /// <summary>contr.treatment: the first level is the reference (R's default for unordered factors).</summary>
    Treatment,
    /// <summary>contr.sum: effects sum to zero; columns named 1, 2, ...</summary>
    Sum,
    /// <summary>contr.helmert: each level against the mean of the earlier ones; columns named 1, 2, ...</summary>
    Helmert,
    /// <summary>contr.poly: orthogonal polynomials in the level order (R's default for ordered factors); .L, .Q, .C, ^4, ...</summary>
    Polynomial,
}

/// <summary>Choices that change how the design is built from the data.</summary>
public sealed record DesignOptions
{
    /// <summary>
    /// Contrasts per factor of the fixed effects, keyed by the variable's label as written in the
    /// formula ("a", "factor(g)"). Like lme4's <c>contrasts</c> argument they apply to X only; the
    /// random-effects terms use R's defaults (treatment, polynomial for ordered factors).
    /// </summary>
    public IReadOnlyDictionary<string, ContrastKind> Contrasts { get; init; } = new Dictionary<string, ContrastKind>();

    /// <summary>
    /// When false, a one-sided formula (~ x + a) builds a design without a response, as R's
    /// model.matrix does (<see cref="LmmDesign.HasResponse"/> is false); used to inspect matrices.
    /// A fit needs a response, so the default is true and a missing response is an error.
    /// </summary>
    public bool RequireResponse { get; init; } = true;

    /// <summary>Numeric columns to treat as categorical (levels sorted numerically), as factor(x) would.</summary>
    public IReadOnlyCollection<string> CategoricalColumns { get; init; } = Array.Empty<string>();
}
