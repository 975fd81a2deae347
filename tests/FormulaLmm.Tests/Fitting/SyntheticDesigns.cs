using FormulaLmm.Design;

namespace FormulaLmm.Tests.Fitting;

/// <summary>
/// Small random designs (fixed seeds) that exercise every storage combination of the blocked
/// factor: deep nesting, fully crossed factors, a factor repeated in two terms, partly crossed
/// factors, vector-valued terms on both sides.
/// </summary>
internal static class SyntheticDesigns
{
    public static IEnumerable<string> Names => new[] { "nested3", "crossed3", "sameFactor", "partlyCrossed", "vectorCrossed", "nestedWithRater" };

    public static LmmDesign Build(string name) => name switch
    {
        "nested3" => Nested3(),
        "crossed3" => Crossed3(),
        "sameFactor" => SameFactor(),
        "partlyCrossed" => PartlyCrossed(),
        "vectorCrossed" => VectorCrossed(),
        "nestedWithRater" => NestedWithRater(),
        _ => throw new ArgumentException(name),
    };

    /// <summary>y ~ x + (1 | a/b/c) + (x | a): c within b within a.</summary>
    private static LmmDesign Nested3()
    {
        var rng = new Random(11);
        var a = new List<string>(); var b = new List<string>(); var c = new List<string>(); var x = new List<double>();
        for (int ia = 0; ia < 4; ia++)
            for (int ib = 0, nb = rng.Next(2, 5); ib < nb; ib++)
                for (int ic = 0, nc = rng.Next(2, 4); ic < nc; ic++)
                    for (int r = 0, nr = rng.Next(2, 5); r < nr; r++)
                    {
                        a.Add($"a{ia}"); b.Add($"b{ib}:a{ia}"); c.Add($"c{ic}:b{ib}:a{ia}"); x.Add(rng.NextDouble() * 4 - 2);
                    }
        var xv = x.ToArray();
        var one = HandDesigns.Ones(xv.Length);
        var y = Response(rng, xv.Length, i => 1 + 0.5 * xv[i]);
        return HandDesigns.Make("y ~ x + (1 | a/b/c) + (x | a)", y, HandDesigns.Fixed(("(Intercept)", one), ("x", xv)), new[]
        {
            HandDesigns.Term("c:b:a", c.ToArray(), new[] { ("(Intercept)", one) }),
            HandDesigns.Term("b:a", b.ToArray(), new[] { ("(Intercept)", one) }),
            HandDesigns.Term("a", a.ToArray(), new[] { ("(Intercept)", one), ("x", xv) }),
        });
    }

    /// <summary>y ~ x + (1 | g1) + (x | g2) + (1 | g3), all crossed at random.</summary>
    private static LmmDesign Crossed3()
    {
        var rng = new Random(12);
        int n = 160;
        var g1 = Enumerable.Range(0, n).Select(_ => $"s{rng.Next(25)}").ToArray();
        var g2 = Enumerable.Range(0, n).Select(_ => $"d{rng.Next(9)}").ToArray();
        var g3 = Enumerable.Range(0, n).Select(_ => $"e{rng.Next(4)}").ToArray();
        var xv = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2).ToArray();
        var one = HandDesigns.Ones(n);
        var y = Response(rng, n, i => 3 - xv[i]);
        return HandDesigns.Make("y ~ x + (1 | g1) + (x | g2) + (1 | g3)", y, HandDesigns.Fixed(("(Intercept)", one), ("x", xv)), new[]
        {
            HandDesigns.Term("g1", g1, new[] { ("(Intercept)", one) }),
            HandDesigns.Term("g2", g2, new[] { ("(Intercept)", one), ("x", xv) }),
            HandDesigns.Term("g3", g3, new[] { ("(Intercept)", one) }),
        });
    }

    /// <summary>y ~ x + (1 | g) + (0 + x | g) + (1 | h): g twice (as `||` makes it), h crossed.</summary>
    private static LmmDesign SameFactor()
    {
        var rng = new Random(13);
        int n = 120;
        var g = Enumerable.Range(0, n).Select(i => $"g{i % 12}").ToArray();
        var h = Enumerable.Range(0, n).Select(_ => $"h{rng.Next(5)}").ToArray();
        var xv = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 3).ToArray();
        var one = HandDesigns.Ones(n);
        var y = Response(rng, n, i => 2 + xv[i]);
        return HandDesigns.Make("y ~ x + (x || g) + (1 | h)", y, HandDesigns.Fixed(("(Intercept)", one), ("x", xv)), new[]
        {
            HandDesigns.Term("g", g, new[] { ("(Intercept)", one) }),
            HandDesigns.Term("g", g, new[] { ("x", xv) }),
            HandDesigns.Term("h", h, new[] { ("(Intercept)", one) }),
        });
    }

    /// <summary>Mostly nested (pupils in schools) but some pupils change school; plus a crossed term.</summary>
    private static LmmDesign PartlyCrossed()
    {
        var rng = new Random(14);
        var pupil = new List<string>(); var school = new List<string>(); var rater = new List<string>(); var x = new List<double>();
        for (int p = 0; p < 40; p++)
        {
            int s = p / 5;
            for (int r = 0; r < 3; r++)
            {
                pupil.Add($"p{p}");
                school.Add($"s{(p % 7 == 0 && r == 2 ? (s + 1) % 8 : s)}");
                rater.Add($"r{rng.Next(3)}");
                x.Add(rng.NextDouble());
            }
        }
        var xv = x.ToArray();
        var one = HandDesigns.Ones(xv.Length);
        var y = Response(rng, xv.Length, i => xv[i]);
        return HandDesigns.Make("y ~ x + (1 | pupil) + (1 | school) + (1 | rater)", y, HandDesigns.Fixed(("(Intercept)", one), ("x", xv)), new[]
        {
            HandDesigns.Term("pupil", pupil.ToArray(), new[] { ("(Intercept)", one) }),
            HandDesigns.Term("school", school.ToArray(), new[] { ("(Intercept)", one) }),
            HandDesigns.Term("rater", rater.ToArray(), new[] { ("(Intercept)", one) }),
        });
    }

    /// <summary>y ~ x + (1 + x + w | g1) + (x | g2): k = 3 crossed with k = 2.</summary>
    private static LmmDesign VectorCrossed()
    {
        var rng = new Random(15);
        int n = 150;
        var g1 = Enumerable.Range(0, n).Select(_ => $"u{rng.Next(14)}").ToArray();
        var g2 = Enumerable.Range(0, n).Select(_ => $"v{rng.Next(6)}").ToArray();
        var xv = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var wv = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var one = HandDesigns.Ones(n);
        var y = Response(rng, n, i => 1 + xv[i] - wv[i]);
        return HandDesigns.Make("y ~ x + w + (1 + x + w | g1) + (x | g2)", y,
            HandDesigns.Fixed(("(Intercept)", one), ("x", xv), ("w", wv)), new[]
            {
                HandDesigns.Term("g1", g1, new[] { ("(Intercept)", one), ("x", xv), ("w", wv) }),
                HandDesigns.Term("g2", g2, new[] { ("(Intercept)", one), ("x", xv) }),
            });
    }

    /// <summary>
    /// y ~ x + (1 | a/b/c) + (1 | r): a nested chain with a crossed rater whose level count falls
    /// between b's and a's, so a block-diagonal column (b) has both sparse and dense blocks below it.
    /// </summary>
    private static LmmDesign NestedWithRater()
    {
        var rng = new Random(16);
        var a = new List<string>(); var b = new List<string>(); var c = new List<string>(); var r = new List<string>(); var x = new List<double>();
        for (int ia = 0; ia < 3; ia++)
            for (int ib = 0; ib < 4; ib++)
                for (int ic = 0; ic < 3; ic++)
                    for (int k = 0, nk = rng.Next(2, 5); k < nk; k++)
                    {
                        a.Add($"a{ia}"); b.Add($"b{ib}:a{ia}"); c.Add($"c{ic}:b{ib}:a{ia}"); r.Add($"r{rng.Next(6)}"); x.Add(rng.NextDouble());
                    }
        var xv = x.ToArray();
        var one = HandDesigns.Ones(xv.Length);
        var y = Response(rng, xv.Length, i => 2 * xv[i]);
        return HandDesigns.Make("y ~ x + (1 | a/b/c) + (1 | r)", y, HandDesigns.Fixed(("(Intercept)", one), ("x", xv)), new[]
        {
            HandDesigns.Term("c:b:a", c.ToArray(), new[] { ("(Intercept)", one) }),
            HandDesigns.Term("b:a", b.ToArray(), new[] { ("(Intercept)", one) }),
            HandDesigns.Term("r", r.ToArray(), new[] { ("(Intercept)", one) }),
            HandDesigns.Term("a", a.ToArray(), new[] { ("(Intercept)", one) }),
        });
    }

    private static double[] Response(Random rng, int n, Func<int, double> mean)
    {
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = mean(i) + 2 * (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5);
        return y;
    }

    /// <summary>A θ with every entry away from its start (off-diagonals non-zero).</summary>
    public static double[] SomeTheta(LmmDesign design, int seed)
    {
        var rng = new Random(seed);
        var theta = new List<double>();
        foreach (var t in design.RandomTerms)
            for (int e = 0; e < t.Covariance.ThetaCount; e++)
                theta.Add(t.Covariance.LowerBounds[e] == 0 ? 0.2 + 1.5 * rng.NextDouble() : rng.NextDouble() - 0.5);
        return theta.ToArray();
    }
}
