using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets;

/// <summary>The active categories, cached: every intake turn needs them and they change only when an administrator edits them.</summary>
public sealed class CategoryCatalog
{
    private volatile Snapshot _snapshot = new([], new Dictionary<string, Category>());

    public IReadOnlyList<CategoryInfo> All => _snapshot.Infos;

    public Category? Find(string code) => _snapshot.ByCode.GetValueOrDefault(code);

    public Category? Find(int id) => _snapshot.ByCode.Values.FirstOrDefault(c => c.Id == id);

    public async Task ReloadAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        _snapshot = new Snapshot(
            [.. categories.Select(c => new CategoryInfo(c.Code, c.NameFa, c.NameEn, Split(c.KeywordsFa), Split(c.KeywordsEn), c.PhotoRequired))],
            categories.ToDictionary(c => c.Code, StringComparer.Ordinal));
    }

    private static string[] Split(string keywords) => keywords.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed record Snapshot(IReadOnlyList<CategoryInfo> Infos, IReadOnlyDictionary<string, Category> ByCode);
}
