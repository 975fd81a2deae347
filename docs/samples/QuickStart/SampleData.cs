// Records for the quick start, made from the embedded copy of lme4's sleepstudy. Only this file
// needs FormulaLmm.Data: the quick start itself uses nothing but `using FormulaLmm;`.
using FormulaLmm.Data;

internal static class SampleData
{
    public static List<Observation> Sleepstudy()
    {
        // The embedded copy of lme4's sleepstudy, turned into records for the example.
        var table = Datasets.Load("sleepstudy");
        var reaction = ((NumericColumn)table["Reaction"]).Values;
        var days = ((NumericColumn)table["Days"]).Values;
        var subject = (CategoricalColumn)table["Subject"];
        return Enumerable.Range(0, table.RowCount)
            .Select(i => new Observation(reaction[i], days[i], subject.ValueAt(i)!))
            .ToList();
    }
}

/// <summary>One measurement: reaction time (ms) of a subject after some days of sleep deprivation.</summary>
public sealed record Observation(double Reaction, double Days, string Subject);
