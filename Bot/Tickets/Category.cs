namespace ChatIntake.Tickets;

public sealed class Category
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string NameFa { get; set; }
    public required string NameEn { get; set; }
    public required string Department { get; set; }
    public int ResponseHours { get; set; }
    public int ResolutionHours { get; set; }

    /// <summary>Keywords separated by '|'.</summary>
    public string KeywordsFa { get; set; } = string.Empty;
    public string KeywordsEn { get; set; } = string.Empty;
    public bool PhotoRequired { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}
