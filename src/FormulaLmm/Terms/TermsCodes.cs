namespace FormulaLmm.Terms;

/// <summary>Diagnostic codes of the Terms stage (FL01xx). Catalogue: docs/diagnostics.md.</summary>
public static class TermsCodes
{
    // Errors.
    public const string RandomTermInsideTerm = "FL0101";
    public const string RandomTermInResponse = "FL0102";
    public const string InvalidPower = "FL0103";
    public const string RemovedRandomTerm = "FL0104";
    public const string EmptyModel = "FL0105";
    public const string OffsetArguments = "FL0106";
    public const string UnknownCovarianceStructure = "FL0107";
    public const string CovarianceStructureWithoutBar = "FL0108";
    public const string DotNotSupported = "FL0109";
    public const string InvalidGroupingFactor = "FL0110";
    public const string ConstantGroupingFactor = "FL0111";
    public const string NoRandomEffects = "FL0112";
    public const string InvalidTerm = "FL0113";
    public const string OffsetInsideTerm = "FL0114";
    public const string RemovedOffset = "FL0115";
    public const string DoubleBarInsideCovarianceStructure = "FL0116";
    public const string InternalTermsError = "FL0199";

    // Warnings.
    public const string PowerOfSingleTerm = "FL0150";
    public const string ResponseOnRightHandSide = "FL0151";
    public const string Lme4ReadsMinusDifferently = "FL0152";
    public const string DuplicateRandomTerm = "FL0153";
    public const string TermsDroppedLikeR = "FL0154";
}
