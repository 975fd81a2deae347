using System.IO.Compression;
using System.Text;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Data;

/// <summary>
/// Reads CSV files into a <see cref="Table"/> with R's <c>read.csv</c> typing: a header row,
/// RFC 4180 quoting, empty fields and <c>NA</c> missing, a column numeric when every
/// non-missing value is a number (quoted or not), TRUE/FALSE columns logical, everything else
/// categorical. See docs/diagnostics.md (FL02xx) for the errors it reports.
/// </summary>
/// <remarks>
/// Differences from <c>read.csv</c>'s defaults, chosen for model data: spaces around unquoted
/// values are trimmed (<c>strip.white = TRUE</c>); an empty field is missing in every column,
/// not only in numeric ones; a duplicate column name or a row with the wrong number of fields
/// is an error rather than silently renamed or padded. Gzip-compressed input is recognised by
/// its magic bytes; UTF-8 (with or without a byte-order mark) and UTF-16 with a BOM are read.
/// </remarks>
public static class CsvReader
{
    /// <summary>Reads a CSV file (plain or gzip-compressed), as R's <c>read.csv(path)</c> would.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Which columns are categorical or ordered, level orders, missing-value tokens, separator; defaults when null.</param>
    /// <returns>The table, named after <paramref name="path"/>.</returns>
    /// <exception cref="FormulaLmmException">FL0201 not found, FL0202 unreadable (a folder, no permission, corrupt gzip), and any format error (FL0203-FL0210).</exception>
    public static Table ReadFile(string path, CsvReadOptions? options = null)
    {
        if (Directory.Exists(path))
            throw DataErrors.Error(DataCodes.FileUnreadable, $"'{path}' is a folder, not a CSV file");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw DataErrors.Error(DataCodes.FileNotFound, $"data file '{path}' not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw DataErrors.Error(DataCodes.FileUnreadable, $"cannot read data file '{path}': {ex.Message}");
        }
        return ReadBytes(bytes, options, path);
    }

    /// <summary>Reads CSV text held in a string.</summary>
    /// <param name="csvText">The whole CSV content, header row first.</param>
    /// <param name="options">Which columns are categorical or ordered, level orders, missing-value tokens, separator; defaults when null.</param>
    /// <param name="name">A name for the table, used in messages and summaries.</param>
    /// <returns>The table.</returns>
    /// <exception cref="FormulaLmmException">A format error (FL0203-FL0210); all found are attached.</exception>
    public static Table ReadText(string csvText, CsvReadOptions? options = null, string? name = null) =>
        ReadBytes(Encoding.UTF8.GetBytes(csvText), options, name);

    /// <summary>Reads CSV from a stream to its end (plain or gzip-compressed); the stream is not closed.</summary>
    /// <param name="stream">A readable stream positioned at the start of the CSV content.</param>
    /// <param name="options">Which columns are categorical or ordered, level orders, missing-value tokens, separator; defaults when null.</param>
    /// <param name="name">A name for the table, used in messages and summaries.</param>
    /// <returns>The table.</returns>
    /// <exception cref="FormulaLmmException">FL0202 corrupt gzip, or a format error (FL0203-FL0210).</exception>
    public static Table Read(Stream stream, CsvReadOptions? options = null, string? name = null)
    {
        byte[] bytes;
        if (stream is MemoryStream ms && ms.Position == 0) bytes = ms.ToArray();
        else
        {
            using var copy = new MemoryStream(stream.CanSeek ? (int)Math.Max(0, Math.Min(int.MaxValue, stream.Length - stream.Position)) : 0);
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        return ReadBytes(bytes, options, name);
    }

    /// <summary>Reads CSV held as bytes (UTF-8, or gzip/UTF-16 recognised by their first bytes).</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="options">Which columns are categorical or ordered, level orders, missing-value tokens, separator; defaults when null.</param>
    /// <param name="name">A name for the table, used in messages and summaries.</param>
    /// <returns>The table.</returns>
    /// <exception cref="FormulaLmmException">FL0202 corrupt gzip, or a format error (FL0203-FL0210).</exception>
    public static Table ReadBytes(byte[] bytes, CsvReadOptions? options = null, string? name = null)
    {
        bytes = Decode(bytes, name);
        return new CsvParser(bytes, options ?? new CsvReadOptions(), name).Parse();
    }

    private static byte[] Decode(byte[] bytes, string? name)
    {
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            try
            {
                using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream(bytes.Length * 4);
                gz.CopyTo(plain);
                bytes = plain.ToArray();
            }
            catch (InvalidDataException ex)
            {
                throw DataErrors.Error(DataCodes.FileUnreadable, $"cannot decompress {name ?? "the data"}: {ex.Message}");
            }
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            return Encoding.UTF8.GetBytes(Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2));
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            return Encoding.UTF8.GetBytes(Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2));
        return bytes;
    }
}
