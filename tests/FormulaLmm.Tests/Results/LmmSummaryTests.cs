using System.Text.RegularExpressions;
using FormulaLmm.Fitting;
using FormulaLmm.Results;

namespace FormulaLmm.Tests.Results;

/// <summary>The summary text against lme4's print(summary(fit)) (Fixtures/summary/*.txt, from make-summaries.R).</summary>
public class LmmSummaryTests
{
    /// <summary>
    /// Fits whose objective is so flat near the optimum that lme4 and we stop at points whose
    /// variances differ in the 4th–5th significant digit (see the lme4 fixtures' README); their
    /// summaries are compared with the numbers masked and to 1e-3 relative.
    /// </summary>
    private static readonly HashSet<string> FlatOptima = new()
    {
        "machines_slope_reml", "machines_cellmeans_reml", "orthodont_uncorr_reml", "orthodont_interaction_ml",
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var id in Lme4Cases.Ids()) data.Add(id);
        return data;
    }

    private static LmmFit Fit(string id) =>
        Lmm.Fit(Lme4Cases.Formula(id), Lme4Cases.Table(id), new LmmOptions { Reml = Lme4Cases.IsReml(id) });

    private static string DataName(string id)
    {
        var r = Lme4Cases.Reference(id);
        return r.GetProperty("dataset").GetString() ?? r.GetProperty("data_file").GetString()!;
    }

    /// <summary>lme4's lines up to the fixed effects' correlations; R's closing messages are ours to word.</summary>
    private static List<string> Lme4Part(string text, bool dropFormula) =>
        text.Split('\n')
            .TakeWhile(l => !l.StartsWith("fit warnings:") && !l.StartsWith("optimizer (") && !l.StartsWith("boundary ("))
            .Where(l => !(dropFormula && l.StartsWith("Formula:")))
            .Reverse().SkipWhile(l => l.Length == 0).Reverse().ToList();

    [Theory]
    [MemberData(nameof(Cases))]
    public void LayoutAndNumbersMatchLme4(string id)
    {
        var fit = Fit(id);
        var ours = LmmSummary.Format(fit, new SummaryOptions { DataName = DataName(id), VarianceComponentErrors = false, FitMessages = false });
        var expectedText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "summary", id + ".txt"));
        // lme4 prints (x || g) expanded into its two terms; we print the formula as written.
        bool dropFormula = Lme4Cases.Formula(id).Contains("||");
        var expected = Lme4Part(expectedText, dropFormula);
        var actual = Lme4Part(ours, dropFormula);
        if (!FlatOptima.Contains(id))
        {
            Assert.Equal(string.Join("\n", expected), string.Join("\n", actual));
            return;
        }
        var number = new Regex(@"-?\d+\.?\d*(e[+-]\d+)?");
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(number.Replace(expected[i], "#"), number.Replace(actual[i], "#"));
            var e = number.Matches(expected[i]).Select(m => double.Parse(m.Value)).ToArray();
            var a = number.Matches(actual[i]).Select(m => double.Parse(m.Value)).ToArray();
            for (int k = 0; k < e.Length; k++)
                Assert.True(Math.Abs(a[k] - e[k]) <= 1e-3 * Math.Abs(e[k]) + 0.011, $"{id} line {i}: '{actual[i]}' vs lme4 '{expected[i]}'");
        }
    }

    [Fact]
    public void SleepstudyShowsLme4sNumbersAndOurAdditions()
    {
        var fit = Lmm.Fit("Reaction ~ Days + (Days | Subject)", "sleepstudy");
        var text = fit.Summary();
        Assert.Contains("   Data: sleepstudy\n", text);
        Assert.Contains("REML criterion at convergence: 1743.6\n", text);
        Assert.Contains("-3.9536 -0.4634  0.0231  0.4634  5.1793 \n", text);
        Assert.Contains("          Days         35.07    5.922   0.07\n", text);
        Assert.Contains("(Intercept)  251.405      6.825  36.838\n", text);
        Assert.Contains("Days          10.467      1.546   6.771\n", text);
        Assert.Contains("Correlation of Fixed Effects:\n     (Intr)\nDays -0.138\n", text);
        Assert.Contains("Variance components (standard errors from the expected information):\n", text);
        Assert.Matches(@" Subject  var\(\(Intercept\)\)\s+612\.\d+\s+\d+\.\d+\n", text);
        Assert.Matches(@" Residual var\(Residual\)\s+654\.\d+\s+\d+\.\d+\n", text);
        Assert.Contains("Optimizer: ", text);
    }

    [Fact]
    public void MaximumLikelihoodShowsTheInformationCriteria()
    {
        var fit = Lmm.Fit("Reaction ~ Days + (Days | Subject)", "sleepstudy", LmmOptions.MaximumLikelihood);
        var text = fit.Summary();
        Assert.StartsWith("Linear mixed model fit by maximum likelihood  ['lmerMod']\n", text);
        Assert.Contains("     AIC      BIC   logLik deviance df.resid \n  1763.9   1783.1   -876.0   1751.9      174 \n", text);
    }

    [Fact]
    public void RankDeficientAndSingularFitsSayWhyAtTheEnd()
    {
        var rankdef = LmmSummary.Format(Fit("sim_rankdef_reml"));
        Assert.Contains("FL0402", rankdef);
        Assert.Contains("x2", rankdef.Split("Optimizer:")[1]);
        var singular = LmmSummary.Format(Fit("sim_singular_reml"));
        Assert.Contains("boundary (singular) fit", singular.Split("Optimizer:")[1]);
        Assert.Contains("          x           0.003848 0.06203  -1.00\n", singular);
    }

    [Fact]
    public void ManyFixedEffectsOmitTheCorrelationMatrixAsLme4Does()
    {
        var text = LmmSummary.Format(Fit("cake_ordered_reml"));
        Assert.DoesNotContain("Correlation of Fixed Effects", text);
        Assert.Contains("Correlation of fixed effects not shown, as p = 18 > 12.", text);
        Assert.Contains("recipeC:temperature^5 -1.62525    1.65211  -0.984\n", text);
    }
}
