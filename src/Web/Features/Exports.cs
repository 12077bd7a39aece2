using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.Csv;
using MiniExcelLibs.OpenXml;
using Procurement.Contracts.Domain;

namespace Procurement.Web.Features;

/// <summary>The two spreadsheet formats a list can be downloaded in: <c>.xlsx</c> (Excel, WPS) and <c>.csv</c>.</summary>
public enum ExportFormat { Xlsx, Csv }

/// <summary>One column of a download: its header in the reader's language, its value per row, and whether it is money (yuan, two decimals).</summary>
public sealed record ExportColumn<T>(string Header, Func<T, object?> Value, bool IsMoney = false);

/// <summary>
/// Lists as spreadsheets people open in Excel or WPS: headers in the reader's language, money in yuan with two decimals
/// (numbers in Excel, formatted <c>0.00</c>; <c>1234.50</c> in CSV), times in China time, CSV in UTF-8 with a byte-order
/// mark so spreadsheet programs read the Chinese. Rows are written as the query yields them into a temporary file that is
/// sent and then deleted, so ten thousand rows take no more memory than ten.
/// </summary>
public static class Exports
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The route segment of a download, <c>{name}.xlsx</c> or <c>{name}.csv</c>; any other extension is not found.</summary>
    public const string Extension = "{format:regex(^(xlsx|csv)$)}";

    public static ExportFormat FormatOf(string extension) => extension == "csv" ? ExportFormat.Csv : ExportFormat.Xlsx;

    /// <summary>Yuan with exactly two decimals: fen × 0.01 keeps the scale (1234.50, not 1234.5).</summary>
    public static decimal Yuan(long fen) => fen * 0.01m;

    /// <summary>The file of one or more tables (one sheet each in Excel; one after another, a blank line between, in CSV).</summary>
    public static async Task<IResult> FileAsync(string name, string extension, TimeProvider time, CancellationToken ct, params IExportTable[] tables)
    {
        var format = FormatOf(extension);
        var path = Path.Combine(Path.GetTempPath(), $"procurement-export-{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                if (format == ExportFormat.Csv)
                {
                    var csv = new CsvConfiguration { StreamWriterFunc = s => new StreamWriter(s, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) };
                    await file.WriteAsync(Encoding.UTF8.Preamble.ToArray(), ct);
                    for (var i = 0; i < tables.Length; i++)
                    {
                        if (i > 0) await file.WriteAsync("\r\n"u8.ToArray(), ct);
                        await MiniExcel.SaveAsAsync(file, tables[i].Records(), excelType: ExcelType.CSV, configuration: csv, cancellationToken: ct);
                    }
                }
                else
                {
                    var sheets = tables.ToDictionary(t => t.Sheet, t => (object)t.Records());
                    var xlsx = new OpenXmlConfiguration { DynamicColumns = [.. tables.SelectMany(t => t.MoneyHeaders).Distinct().Select(h => new DynamicExcelColumn(h) { Format = "0.00" })] };
                    await MiniExcel.SaveAsAsync(file, sheets, excelType: ExcelType.XLSX, configuration: xlsx, cancellationToken: ct);
                }
            }
            var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            return Results.File(read, format == ExportFormat.Csv ? "text/csv; charset=utf-8" : XlsxType, $"{name}-{time.GetUtcNow().ToChinaString("yyyyMMdd")}.{extension}");
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}

/// <summary>A table whatever its row type, as <see cref="Exports.FileAsync"/> writes it.</summary>
public interface IExportTable
{
    string Sheet { get; }

    IEnumerable<string> MoneyHeaders { get; }

    /// <summary>Each row as header → value, in column order; money as yuan.</summary>
    IEnumerable<IDictionary<string, object?>> Records();
}

/// <summary>A table of a download: a sheet name (Excel), its columns and its rows, read as they are written.</summary>
public static class ExportTable
{
    public static IExportTable Of<T>(string sheet, IReadOnlyList<ExportColumn<T>> columns, IEnumerable<T> rows) => new Table<T>(sheet, columns, rows);

    private sealed record Table<T>(string Sheet, IReadOnlyList<ExportColumn<T>> Columns, IEnumerable<T> Rows) : IExportTable
    {
        public IEnumerable<string> MoneyHeaders => Columns.Where(c => c.IsMoney).Select(c => c.Header);

        public IEnumerable<IDictionary<string, object?>> Records() => Rows.Select(row =>
        {
            var record = new Dictionary<string, object?>(Columns.Count);
            foreach (var c in Columns)
            {
                var value = c.Value(row);
                record[c.Header] = c.IsMoney && value is long fen ? Exports.Yuan(fen) : value;
            }
            return (IDictionary<string, object?>)record;
        });
    }
}
