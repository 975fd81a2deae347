namespace FormulaLmm.Design;

/// <summary>
/// Stable codes of the Design stage (FL03xx), reported by <see cref="DesignBuilder"/> (and
/// <c>Lmm.Check</c>) while the model frame and matrices are built; errors unless marked.
/// Catalogue with examples: docs/diagnostics.md.
/// </summary>
public static class DesignCodes
{
    /// <summary>FL0301: a name in the formula is not a column of the data; the message suggests a close spelling (R: "object 'x' not found").</summary>
    public const string UnknownVariable = "FL0301";
    /// <summary>FL0302: a function the model frame cannot evaluate, e.g. <c>lgo(x)</c>.</summary>
    public const string UnknownFunction = "FL0302";
    /// <summary>FL0303: a numeric function or arithmetic applied to a categorical variable, e.g. <c>log(g)</c>, <c>I(x * g)</c>.</summary>
    public const string CategoricalInNumericContext = "FL0303";
    /// <summary>FL0304: the response is categorical (or a matrix); a linear mixed model needs a numeric response.</summary>
    public const string NonNumericResponse = "FL0304";
    /// <summary>FL0305: the formula has no response, e.g. <c>~ x + (1 | g)</c>, while <see cref="DesignOptions.RequireResponse"/> is true.</summary>
    public const string MissingResponse = "FL0305";
    /// <summary>FL0306: no rows are left after omitting those with missing values; names the variables with the most missing values.</summary>
    public const string NoRowsLeft = "FL0306";
    /// <summary>FL0307 (info): rows with missing values were omitted, as R's na.omit: how many, per variable, and which (1-based).</summary>
    public const string RowsOmitted = "FL0307";
    /// <summary>FL0308 (warning): a computed variable is NaN or infinite where its data are present, e.g. <c>log(Days)</c> at 0; those rows are omitted (lme4 would stop).</summary>
    public const string NonFiniteValues = "FL0308";
    /// <summary>FL0309: a grouping factor has fewer than 2 levels in the rows used (lme4: "grouping factors must have &gt; 1 sampled level").</summary>
    public const string GroupingFactorTooFewLevels = "FL0309";
    /// <summary>FL0310: a grouping factor has as many levels as observations (lme4: "number of levels of each grouping factor must be &lt; number of observations").</summary>
    public const string GroupingFactorTooManyLevels = "FL0310";
    /// <summary>FL0311: a term has at least as many random effects as there are observations (lme4's "number of observations ... &lt;= number of random effects").</summary>
    public const string TooFewObservations = "FL0311";
    /// <summary>FL0312 (warning): X is rank deficient; the columns lme4 would drop (pivoted QR, tolerance 1e-7) are named and dropped.</summary>
    public const string RankDeficient = "FL0312";
    /// <summary>FL0313: a factor used as a predictor has a single level in the rows used (R: "contrasts can be applied only to factors with 2 or more levels").</summary>
    public const string SingleLevelFactor = "FL0313";
    /// <summary>FL0314: wrong arguments to a known function, e.g. <c>poly(x, 0)</c>, <c>log(x, -2)</c>, an unknown argument name.</summary>
    public const string InvalidArguments = "FL0314";
    /// <summary>FL0315: a <c>cs(...)</c> or <c>ar1(...)</c> covariance structure, which this version cannot build yet.</summary>
    public const string CovarianceNotSupported = "FL0315";
    /// <summary>FL0316: an expression that cannot be a model variable: a constant such as <c>I(2)</c>, a matrix in arithmetic, ':' inside a call.</summary>
    public const string UnsupportedExpression = "FL0316";
    /// <summary>FL0317 (warning): contrasts were given (<see cref="DesignOptions.Contrasts"/>) for a name that is not a fixed-effects factor.</summary>
    public const string UnusedContrasts = "FL0317";
    /// <summary>FL0318: a random-effects term has no columns (from a hand-built spec; the formula <c>(0 | g)</c> is caught earlier as FL0112).</summary>
    public const string EmptyRandomTerm = "FL0318";
    /// <summary>FL0319: an offset is categorical or a matrix.</summary>
    public const string NonNumericOffset = "FL0319";
    /// <summary>FL0320 (warning): a column declared categorical (<see cref="DesignOptions.CategoricalColumns"/>) is not in the data.</summary>
    public const string UnknownCategoricalColumn = "FL0320";
    /// <summary>FL0321: a grouping variable is a matrix (poly, scale) or a constant and cannot group rows (a hand-built spec).</summary>
    public const string InvalidGroupingVariable = "FL0321";
    /// <summary>FL0322 (warning): columns of X on very different scales, lme4's check.scaleX warning (an SD above 1000 or below 1/1000, or two differing over 1000 times).</summary>
    public const string PredictorScales = "FL0322";
    /// <summary>FL0323: new data (prediction) hold a level of a factor of the model that the training rows did not have (R: "factor x has new levels ..."); new levels of a grouping factor are allowed.</summary>
    public const string NewFactorLevel = "FL0323";
    /// <summary>FL0324: a variable of the model is categorical in the new data (prediction) but was numeric in the training data, or the reverse.</summary>
    public const string NewDataTypeMismatch = "FL0324";
}
