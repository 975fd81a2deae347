using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace FormulaLmm.Data;

/// <summary>
/// Numbers as R reads and prints them: what counts as a number in a CSV field (R's
/// <c>type.convert</c>) and how a number becomes a factor label (R's <c>as.character</c>).
/// </summary>
public static class RNumber
{
    private const NumberStyles Style =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    // Powers of ten that are exact doubles: with a mantissa below 2^53 one correctly rounded
    // division gives the correctly rounded result (Clinger's fast path).
    private static readonly double[] ExactPowersOfTen =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    /// <summary>
    /// Parses UTF-8 text (already trimmed) as R would: decimal and scientific notation with an
    /// optional sign, <c>Inf</c>/<c>inf</c>/<c>Infinity</c>, <c>NaN</c>, and hexadecimal
    /// integers (<c>0x1A</c>). Thousands separators and suffixes (<c>1L</c>, <c>1d5</c>) are not numbers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        if (text.IsEmpty) { value = 0; return false; }
        if (TryParseSimpleDecimal(text, out value)) return true;
        byte c = text[0];
        if (IsDigit(c) || ((c == '-' || c == '+' || c == '.') && text.Length > 1 && (IsDigit(text[1]) || text[1] == '.')))
        {
            if (IsHex(text)) return TryParseHex(text, out value);
            // .NET also accepts a trailing "e" without digits? No: it rejects it, as R does.
            return double.TryParse(text, Style, CultureInfo.InvariantCulture, out value);
        }
        return TryParseSpecial(text, out value);
    }

    /// <summary>The same rules for text held as characters (e.g. factor labels).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        text = text.Trim();
        if (text.IsEmpty) { value = 0; return false; }
        Span<byte> buffer = stackalloc byte[64];
        if (text.Length > buffer.Length || !Ascii.IsValid(text)) { value = 0; return false; }
        int n = Encoding.ASCII.GetBytes(text, buffer);
        return TryParse(buffer[..n], out value);
    }

    /// <summary>
    /// R's <c>as.character</c> of a double (R 4.2): up to 15 significant digits, fixed notation
    /// unless scientific is narrower (<c>1e+05</c>, <c>123456</c>, <c>0.333333333333333</c>, <c>1e-04</c>),
    /// and <c>Inf</c>, <c>-Inf</c>, <c>NaN</c>.
    /// </summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        if (value == 0) return "0";

        // "E14" rounds to 15 significant digits: d.ddddddddddddddE+xxx
        string e = Math.Abs(value).ToString("E14", CultureInfo.InvariantCulture);
        int ePos = e.IndexOf('E');
        int exponent = int.Parse(e.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string digits = (e[0] + e.Substring(2, ePos - 2)).TrimEnd('0');
        int sig = digits.Length;

        int fixedWidth = exponent >= 0
            ? exponent + 1 + (sig > exponent + 1 ? 1 + sig - exponent - 1 : 0)
            : 1 + 1 + (-exponent - 1 + sig);
        int sciWidth = (sig > 1 ? sig + 1 : 1) + (Math.Abs(exponent) >= 100 ? 5 : 4);

        if (fixedWidth <= sciWidth)
        {
            // As R's sprintf("%.*f"): whole numbers wider than 15 digits print exactly (2^60 = 1152921504606846976).
            int decimals = Math.Max(0, sig - exponent - 1);
            return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        var sb = new StringBuilder(24);
        if (value < 0) sb.Append('-');
        sb.Append(digits[0]);
        if (sig > 1) sb.Append('.').Append(digits, 1, sig - 1);
        sb.Append('e').Append(exponent < 0 ? '-' : '+');
        int magnitude = Math.Abs(exponent);
        if (magnitude < 10) sb.Append('0');
        sb.Append(magnitude.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    /// <summary>[sign] digits [. digits] with at most 15 digits: exact by one division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseSimpleDecimal(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (s[0] == '-' || s[0] == '+') { negative = s[0] == '-'; i = 1; }
        long mantissa = 0;
        int digits = 0, fraction = 0;
        bool point = false;
        for (; i < s.Length; i++)
        {
            byte c = s[i];
            if (IsDigit(c))
            {
                if (++digits > 15) return false;
                mantissa = mantissa * 10 + (c - '0');
                if (point) fraction++;
            }
            else if (c == '.' && !point) point = true;
            else return false;
        }
        if (digits == 0) return false;
        // Leading zeros count as digits above; that only sends rare inputs to the general parser.
        value = fraction == 0 ? mantissa : mantissa / ExactPowersOfTen[fraction];
        if (negative) value = -value;
        return true;
    }

    private static bool IsHex(ReadOnlySpan<byte> s)
    {
        int i = s[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        return s.Length > i + 2 && s[i] == '0' && (s[i + 1] | 0x20) == 'x';
    }

    private static bool TryParseHex(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int i = s[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        bool negative = s[0] == '-';
        double v = 0;
        for (int k = i + 2; k < s.Length; k++)
        {
            int d = s[k] switch
            {
                >= (byte)'0' and <= (byte)'9' => s[k] - '0',
                >= (byte)'a' and <= (byte)'f' => s[k] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => s[k] - 'A' + 10,
                _ => -1,
            };
            if (d < 0) return false;
            v = v * 16 + d;
        }
        value = negative ? -v : v;
        return true;
    }

    private static bool TryParseSpecial(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        bool negative = false;
        if (s[0] == '-' || s[0] == '+') { negative = s[0] == '-'; s = s[1..]; }
        if (Ascii.EqualsIgnoreCase(s, "inf"u8) || Ascii.EqualsIgnoreCase(s, "infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (Ascii.EqualsIgnoreCase(s, "nan"u8))
        {
            value = double.NaN;
            return true;
        }
        return false;
    }
}
