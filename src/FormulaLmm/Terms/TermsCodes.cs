namespace FormulaLmm.Terms;

/// <summary>
/// Diagnostic codes of the Terms stage (FL01xx), reported in <see cref="ModelSpec.Diagnostics"/> by
/// <see cref="ModelSpecBuilder"/>: FL0101-FL0199 are errors, FL0150-FL0154 warnings (the model is
/// still built). Catalogue with examples: docs/diagnostics.md.
/// </summary>
public static class TermsCodes
{
    // Errors.
    /// <summary>FL0101: a random-effects term inside another term (an interaction, a power, a call, or another bar term's sides), e.g. <c>x:(1 | g)</c>.</summary>
    public const string RandomTermInsideTerm = "FL0101";
    /// <summary>FL0102: a random-effects term on the response side of '~'.</summary>
    public const string RandomTermInResponse = "FL0102";
    /// <summary>FL0103: the power of '^' is not a whole number of at least 1, e.g. <c>(a + b)^2.5</c> (R would truncate it).</summary>
    public const string InvalidPower = "FL0103";
    /// <summary>FL0104: a random-effects term removed with '-', e.g. <c>y ~ x - (1 | g)</c> (lme4 would quietly add it instead).</summary>
    public const string RemovedRandomTerm = "FL0104";
    /// <summary>FL0105: the model is empty: no intercept, no terms and no random effects, e.g. <c>y ~ 0</c>.</summary>
    public const string EmptyModel = "FL0105";
    /// <summary>FL0106: <c>offset()</c> with other than one argument.</summary>
    public const string OffsetArguments = "FL0106";
    /// <summary>FL0107: a function other than us, diag, cs or ar1 wraps a random-effects term, e.g. <c>toep(1 + x | g)</c>.</summary>
    public const string UnknownCovarianceStructure = "FL0107";
    /// <summary>FL0108: a covariance special (us, diag, cs, ar1) that does not wrap exactly one random-effects term, e.g. <c>diag(x)</c>.</summary>
    public const string CovarianceStructureWithoutBar = "FL0108";
    /// <summary>FL0109: '.' (all other columns) is not supported yet.</summary>
    public const string DotNotSupported = "FL0109";
    /// <summary>FL0110: a grouping factor that is not a column, <c>a:b</c> or <c>a/b</c>, e.g. <c>(1 | a + b)</c> or <c>(1 | factor(g))</c>.</summary>
    public const string InvalidGroupingFactor = "FL0110";
    /// <summary>FL0111: a grouping factor that is a constant, e.g. <c>(1 | 1)</c>.</summary>
    public const string ConstantGroupingFactor = "FL0111";
    /// <summary>FL0112: a random-effects term with no effects at all, e.g. <c>(0 | g)</c>.</summary>
    public const string NoRandomEffects = "FL0112";
    /// <summary>FL0113: a number other than 0 or 1, or a string, used as a term (or a formula expanding to over 100 000 terms), e.g. <c>y ~ x + 2</c>.</summary>
    public const string InvalidTerm = "FL0113";
    /// <summary>FL0114: <c>offset()</c> inside an interaction or a random-effects term.</summary>
    public const string OffsetInsideTerm = "FL0114";
    /// <summary>FL0115: <c>offset()</c> removed with '-' (R would keep using it as an offset).</summary>
    public const string RemovedOffset = "FL0115";
    /// <summary>FL0116: '||' inside a covariance special, e.g. <c>diag(x || g)</c>.</summary>
    public const string DoubleBarInsideCovarianceStructure = "FL0116";
    /// <summary>FL0199: building the terms failed, a bug in FormulaLmm never caused by the input (please report it).</summary>
    public const string InternalTermsError = "FL0199";

    // Warnings.
    /// <summary>FL0150 (warning): '^' applied to a single term, which leaves it unchanged, e.g. <c>y ~ x^2</c> (probably meant <c>I(x^2)</c>).</summary>
    public const string PowerOfSingleTerm = "FL0150";
    /// <summary>FL0151 (warning): the response also appears as a main effect on the right; it is dropped there, as R's <c>model.matrix</c> does.</summary>
    public const string ResponseOnRightHandSide = "FL0151";
    /// <summary>FL0152 (warning): '-' after only random-effects terms, e.g. <c>y ~ (1 | g) - 1</c>: lme4 1.1-31 ignores it there, FormulaLmm removes the term.</summary>
    public const string Lme4ReadsMinusDifferently = "FL0152";
    /// <summary>FL0153 (warning): the same random-effects term twice, e.g. <c>(1 | a/b) + (1 | a)</c>; both copies are kept, as lme4 keeps them, each with its own variance.</summary>
    public const string DuplicateRandomTerm = "FL0153";
    /// <summary>FL0154 (warning): '*' or '/' whose left side has no terms, e.g. <c>1*a</c>: R, and so lme4, drops the whole product, and so does FormulaLmm.</summary>
    public const string TermsDroppedLikeR = "FL0154";
}
