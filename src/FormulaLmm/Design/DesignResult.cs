using System.Diagnostics.CodeAnalysis;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Design;

/// <summary>
/// The outcome of building a design: the design when no error was found, and every diagnostic
/// (the model specification's, then the design's), not only the first.
/// </summary>
/// <param name="Design">The design; null when an error was found.</param>
/// <param name="Diagnostics">Every diagnostic found (FL01xx and FL03xx, see <see cref="DesignCodes"/>), errors and warnings.</param>
public sealed record DesignResult(LmmDesign? Design, DiagnosticList Diagnostics)
{
    /// <summary>True when there is a design and no diagnostic is an error.</summary>
    [MemberNotNullWhen(true, nameof(Design))]
    public bool Success => Design is not null && !Diagnostics.HasErrors;
}
