using System.Globalization;

namespace FormulaLmm.Design;

/// <summary>
/// R's as.character for a double, which names the levels of factor(x) on a numeric x: at most
/// 15 significant digits, the fewest that show the value, and scientific notation only when it is
/// strictly narrower than fixed notation (R's default scipen = 0).
/// </summary>
internal static class RNumberFormat
{
    public static string AsCharacter(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        if (value == 0) return "0";

        int digits = SignificantDigits(value);
        var sci = Scientific(value, digits);
        var fix = Fixed(value, digits);
        return fix.Length <= sci.Length ? fix : sci;
    }

    /// <summary>The fewest significant digits (1..15) that print the value as 15 digits do.</summary>
    private static int SignificantDigits(double value)
    {
        var reference = double.Parse(value.ToString("E14", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        for (int d = 1; d < 15; d++)
        {
            var candidate = double.Parse(value.ToString("E" + (d - 1), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (candidate == reference) return d;
        }
        return 15;
    }

    private static string Scientific(double value, int digits)
    {
        var s = value.ToString("E" + (digits - 1), CultureInfo.InvariantCulture); // e.g. 1.2345E-004
        int e = s.IndexOf('E');
        var mantissa = s[..e];
        int exponent = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture);
        return $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
    }

    private static string Fixed(double value, int digits)
    {
        // Decimal places needed to show `digits` significant digits.
        var sci = value.ToString("E" + (digits - 1), CultureInfo.InvariantCulture);
        int exponent = int.Parse(sci[(sci.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
        int decimals = Math.Max(0, digits - 1 - exponent);
        // Formatting the value itself (not its rounding) keeps every integer digit, as R's sprintf does.
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }
}
