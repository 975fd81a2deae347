using FormulaLmm.Data;
using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Terms;

namespace FormulaLmm.Tests.Design;

/// <summary>
/// Formula text to design with any <see cref="DesignOptions"/> (the library's facade, Lmm.Design,
/// takes LmmOptions only): parse, build the terms, build the design, throw on an error.
/// </summary>
internal static class TestDesigns
{
    public static LmmDesign Build(string formula, Table data, DesignOptions? options = null)
    {
        var spec = ModelSpecBuilder.Build(formula);
        if (!spec.Success) throw new FormulaLmmException(spec.Diagnostics, formula);
        var result = DesignBuilder.Build(spec.Spec, data, options);
        if (!result.Success) throw new FormulaLmmException(result.Diagnostics, formula);
        return result.Design;
    }
}
