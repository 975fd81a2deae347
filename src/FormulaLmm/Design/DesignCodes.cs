namespace FormulaLmm.Design;

/// <summary>Stable codes of the Design stage (FL03xx); see docs/diagnostics.md.</summary>
public static class DesignCodes
{
    /// <summary>A name in the formula is not a column of the data.</summary>
    public const string UnknownVariable = "FL0301";
    /// <summary>A function the model frame cannot evaluate.</summary>
    public const string UnknownFunction = "FL0302";
    /// <summary>A numeric function or arithmetic applied to a categorical variable (log(g), g + 1).</summary>
    public const string CategoricalInNumericContext = "FL0303";
    /// <summary>The response is categorical (or a matrix).</summary>
    public const string NonNumericResponse = "FL0304";
    /// <summary>The formula has no response.</summary>
    public const string MissingResponse = "FL0305";
    /// <summary>Every row has a missing value in some variable of the model.</summary>
    public const string NoRowsLeft = "FL0306";
    /// <summary>Rows with missing values were omitted (information).</summary>
    public const string RowsOmitted = "FL0307";
    /// <summary>Rows where a computed variable is NaN or infinite were omitted (warning).</summary>
    public const string NonFiniteValues = "FL0308";
    /// <summary>A grouping factor has fewer than 2 levels.</summary>
    public const string GroupingFactorTooFewLevels = "FL0309";
    /// <summary>A grouping factor has as many levels as there are observations.</summary>
    public const string GroupingFactorTooManyLevels = "FL0310";
    /// <summary>Observations ≤ random effects of a term.</summary>
    public const string TooFewObservations = "FL0311";
    /// <summary>X is rank deficient; columns were dropped as lme4 does (warning).</summary>
    public const string RankDeficient = "FL0312";
    /// <summary>A factor used as a predictor has a single level in the rows used.</summary>
    public const string SingleLevelFactor = "FL0313";
    /// <summary>Wrong arguments to a known function (poly degree, unknown argument names, ...).</summary>
    public const string InvalidArguments = "FL0314";
    /// <summary>A covariance structure (cs, ar1) this version cannot build.</summary>
    public const string CovarianceNotSupported = "FL0315";
    /// <summary>An expression the model frame cannot evaluate (an operator or a value of the wrong shape).</summary>
    public const string UnsupportedExpression = "FL0316";
    /// <summary>Contrasts were requested for a name that is not a factor of the model (warning).</summary>
    public const string UnusedContrasts = "FL0317";
    /// <summary>A random-effects term has no columns, e.g. (0 | g).</summary>
    public const string EmptyRandomTerm = "FL0318";
    /// <summary>An offset is categorical.</summary>
    public const string NonNumericOffset = "FL0319";
    /// <summary>A column declared categorical is not in the data (warning).</summary>
    public const string UnknownCategoricalColumn = "FL0320";
    /// <summary>A grouping variable is a matrix (poly, scale) and cannot group rows.</summary>
    public const string InvalidGroupingVariable = "FL0321";
    /// <summary>Columns of X on very different scales (lme4's check.scaleX warning).</summary>
    public const string PredictorScales = "FL0322";
}
