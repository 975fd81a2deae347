using System.Text;
using FormulaLmm.Design;

namespace FormulaLmm.Tests.Design;

/// <summary>
/// Formula → matrices snapshots (the JSON of `formula-lmm matrices --json`) over the reference
/// data sets, kept as golden files in Snapshots/design/ and reviewed in diffs. Many of the same
/// numbers are also checked against R in <see cref="DesignConformanceTests"/>; these files show the
/// whole design (levels, codes, z rows, θ layout) for reviewers.
/// </summary>
public class DesignSnapshotTests
{
    private static readonly (string Data, string Formula, string? SumContrastsFor)[] Cases =
    {
        ("sleepstudy", "Reaction ~ Days + (Days | Subject)", null),
        ("sleepstudy", "Reaction ~ Days + (1 | Subject)", null),
        ("sleepstudy", "Reaction ~ Days + (Days || Subject)", null),
        ("sleepstudy", "Reaction ~ 1 + (1 | Subject) + (0 + Days | Subject)", null),
        ("sleepstudy", "Reaction ~ poly(Days, 2) + (1 | Subject)", null),
        ("sleepstudy", "log(Reaction) ~ Days + I(Days^2) + (1 | Subject)", null),
        ("sleepstudy", "Reaction ~ scale(Days) + (scale(Days) | Subject)", null),
        ("sleepstudy", "Reaction ~ factor(Days) + (1 | Subject)", null),
        ("sleepstudy", "Reaction ~ I(Days > 4) + (1 | Subject)", null),
        ("sleepstudy", "Reaction ~ 0 + Days + (Days | Subject)", null),
        ("Dyestuff", "Yield ~ 1 + (1 | Batch)", null),
        ("Dyestuff", "Yield ~ Batch", null),
        ("Dyestuff", "Yield ~ Batch", "Batch"),
        ("Penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)", null),
        ("Penicillin", "diameter ~ sample + (1 | plate)", null),
        ("Penicillin", "diameter ~ 0 + sample + (1 | plate)", null),
        ("Pastes", "strength ~ 1 + (1 | batch/cask)", null),
        ("Pastes", "strength ~ 1 + (1 | batch) + (1 | sample)", null),
        ("Pastes", "strength ~ cask + (1 | batch)", null),
        ("Pastes", "strength ~ 1 + (1 | batch:cask)", null),
        ("Machines", "score ~ Machine + (1 | Worker)", null),
        ("Machines", "score ~ Machine + (Machine | Worker)", null),
        ("Machines", "score ~ Machine + (1 | Worker) + (1 | Worker:Machine)", null),
        ("Machines", "score ~ Machine + (0 + Machine || Worker)", null),
        ("Machines", "score ~ 0 + Machine + (1 | Worker)", null),
        ("Machines", "score ~ Machine + (1 | Worker)", "Machine"),
        ("Orthodont", "distance ~ age * Sex + (age | Subject)", null),
        ("Orthodont", "distance ~ age + Sex + (1 | Subject)", null),
        ("Orthodont", "distance ~ I(age - 11) * Sex + (I(age - 11) | Subject)", null),
        ("Orthodont", "distance ~ Sex/age + (1 | Subject)", null),
        ("Orthodont", "distance ~ poly(age, 2) + (1 | Subject)", null),
        ("cake", "angle ~ recipe * temperature + (1 | recipe:replicate)", null),
        ("cake", "angle ~ recipe + temperature + (1 | replicate)", null),
        ("cake", "angle ~ temp + (1 | replicate) + (1 | recipe:replicate)", null),
        ("cake", "angle ~ recipe + poly(temp, 2) + (1 | replicate)", null),
        ("cake", "angle ~ 0 + temperature + (1 | replicate)", null),
        ("toy", "y ~ x + a + (1 | g)", null),
        ("toy", "y ~ x * b + (x | g)", null),
        ("toy", "y ~ o + (1 | g)", null),
        ("toy", "y ~ L + offset(z) + (1 | g)", null),
        ("toy", "y ~ a + x + I(2 * x) + (1 | g)", null),
        ("toy", "y ~ log(z) + (1 | g) + (1 | b)", null),
        ("toy", "y ~ factor(n) + (1 | g)", null),
        ("toy", "y ~ a:b + (1 | g)", null),
        ("toy", "y ~ (a + b)^2 + (1 | g/b)", null),
    };

    public static TheoryData<int, string> CaseNames()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Cases.Length; i++) data.Add(i, FileName(i));
        return data;
    }

    [Fact]
    public void ThereAreAtLeastFortyDistinctSnapshots()
    {
        Assert.True(Cases.Length >= 40);
        Assert.Equal(Cases.Length, Enumerable.Range(0, Cases.Length).Select(FileName).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void DesignMatchesItsSnapshot(int index, string file)
    {
        var (data, formula, sum) = Cases[index];
        var options = sum is null
            ? new DesignOptions()
            : new DesignOptions { Contrasts = new Dictionary<string, ContrastKind> { [sum] = ContrastKind.Sum } };
        var design = TestDesigns.Build(formula, DesignFixtures.Load(data), options);
        Snapshot.Match("design", file, DesignJson.Write(design));
    }

    private static string FileName(int index)
    {
        var (data, formula, sum) = Cases[index];
        var sb = new StringBuilder(data).Append("__");
        foreach (var c in formula)
        {
            // Operators that change the meaning keep a word, so that a|g and a||g differ.
            var word = c switch
            {
                '|' => "bar", '*' => "times", ':' => "colon", '/' => "slash", '^' => "pow", '-' => "minus",
                '>' => "gt", '<' => "lt", '=' => "eq", _ => null,
            };
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (word is not null) sb.Append(sb[^1] == '_' ? "" : "_").Append(word).Append('_');
            else if (sb[^1] != '_') sb.Append('_');
        }
        var name = sb.ToString().TrimEnd('_');
        if (sum is not null) name += "__sum_" + sum;
        return name + ".json";
    }
}
