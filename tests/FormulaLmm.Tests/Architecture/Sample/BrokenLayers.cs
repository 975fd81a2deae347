// A deliberately broken miniature of the pipeline for ArchitectureTests: Terms uses Design (a
// forbidden arrow that also closes the cycle Terms -> Design -> Terms), Numerics uses Fitting, and
// Fitting calls the facade. Nothing else uses these types.
namespace FormulaLmm.Tests.Architecture.Sample
{
    internal static class SampleFacade
    {
        public static int Run() => Sample.Fitting.SampleFit.Fit(new Sample.Design.SampleDesign(new Sample.Terms.SampleTerm()));
    }
}

namespace FormulaLmm.Tests.Architecture.Sample.Terms
{
    internal sealed class SampleTerm
    {
        public int Columns(Sample.Design.SampleDesign design) => design.Width;
    }
}

namespace FormulaLmm.Tests.Architecture.Sample.Design
{
    internal sealed class SampleDesign(Sample.Terms.SampleTerm term)
    {
        public Sample.Terms.SampleTerm Term { get; } = term;
        public int Width => 1;
    }
}

namespace FormulaLmm.Tests.Architecture.Sample.Numerics
{
    internal static class SampleKernel
    {
        public static int Twice(int x) => Sample.Fitting.SampleFit.Scale() * x;
    }
}

namespace FormulaLmm.Tests.Architecture.Sample.Fitting
{
    internal static class SampleFit
    {
        public static int Scale() => 2;
        public static int Fit(Sample.Design.SampleDesign design) => design.Width + SampleFacade.Run().GetHashCode() * 0;
    }
}
