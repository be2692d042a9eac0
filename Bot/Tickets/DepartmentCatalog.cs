using System.Globalization;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets;

/// <summary>The departments, cached: every page that shows a ticket names its department; they change only on the departments page.</summary>
public sealed class DepartmentCatalog
{
    private volatile IReadOnlyList<Department> _all = [];

    public IReadOnlyList<Department> All => _all;

    public Department? Find(string? code) => code is null ? null : _all.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.Ordinal));

    /// <summary>The department's name in <paramref name="culture"/>'s language; a code with no department row shows as itself.</summary>
    public string Name(string? code, CultureInfo culture) =>
        Find(code) is { } d ? (culture.TwoLetterISOLanguageName == "fa" ? d.NameFa : d.NameEn) : code ?? "—";

    public async Task ReloadAsync(IntakeDbContext db, CancellationToken cancellationToken) =>
        _all = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(cancellationToken);
}
