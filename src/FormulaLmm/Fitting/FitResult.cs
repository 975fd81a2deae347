using System.Diagnostics.CodeAnalysis;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Fitting;

/// <summary>The outcome of fitting a design: the fit unless an error stopped it, and every diagnostic.</summary>
/// <param name="Fit">The fit; null when an error prevented it.</param>
/// <param name="Diagnostics">
/// The fit's messages (singular fit, convergence; <see cref="LmmFit.Diagnostics"/>) or the errors that
/// prevented it (FL0400, FL0404-FL0407, FL0410, see <see cref="FittingCodes"/>).
/// </param>
public sealed record FitResult(LmmFit? Fit, DiagnosticList Diagnostics)
{
    /// <summary>True when there is a fit and no diagnostic is an error.</summary>
    [MemberNotNullWhen(true, nameof(Fit))]
    public bool Success => Fit is not null && !Diagnostics.HasErrors;
}
