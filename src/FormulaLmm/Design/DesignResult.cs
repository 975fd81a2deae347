using FormulaLmm.Diagnostics;

namespace FormulaLmm.Design;

/// <summary>
/// The outcome of building a design: the design when no error was found, and every diagnostic
/// (the model specification's, then the design's), not only the first.
/// </summary>
public sealed record DesignResult(LmmDesign? Design, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => Design is not null && !Diagnostics.Any(d => d.IsError);
}
