// FormulaLmm quick start: fit lme4's sleepstudy model from a list of records, read the results,
// and check a formula without fitting.
using FormulaLmm;

// Any list of records works: one row per record, one column per public property.
List<Observation> rows = SampleData.Sleepstudy();

var fit = Lmm.Fit("Reaction ~ Days + (Days | Subject)", rows);

Console.WriteLine(fit.Summary());                       // lme4's summary() layout

foreach (var fe in fit.FixedEffects)                    // (Intercept) 251.405, Days 10.467
    Console.WriteLine($"{fe.Name,-12} {fe.Estimate,9:F3} (SE {fe.StandardError:F3}, t {fe.TValue:F2})");

foreach (var row in fit.VarCorrRows)                    // lme4's as.data.frame(VarCorr(fit))
    Console.WriteLine($"{row.Group,-9} {row.Name1,-12} {row.Name2,-5} {row.Value,9:F3}");

var subject = fit.RandomEffects["Subject"];             // lme4's ranef(fit)$Subject
Console.WriteLine($"Subject 308: intercept {subject["308", "(Intercept)"]:F3}, slope {subject["308", "Days"]:F3} " +
                  $"(conditional SD {subject.ConditionalSd("308", "Days"):F3})");

// Maximum likelihood instead of REML, and the fit as JSON (as formula-lmm fit --json prints it).
var ml = Lmm.Fit("Reaction ~ Days + (Days | Subject)", "sleepstudy", LmmOptions.MaximumLikelihood);
Console.WriteLine($"ML deviance {ml.Objective:F4}, AIC {ml.Aic:F1}; JSON has {ml.ToJson().Length} characters");

// Check a formula against the data without fitting: every problem, not only the first.
var check = Lmm.Check("Reaction ~ Dyas + (Days | Subjet)", rows);
Console.Write(check.IsValid ? check.Model!.Format() : check.RenderDiagnostics());
