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

    /// <summary>Work is resolved only with a photo of the finished site (the panel's upload, or a field worker's /done).</summary>
    public bool AfterPhotoRequired { get; set; }

    /// <summary>A request to resolve waits for a supervisor in scope, who approves it or sends it back.</summary>
    public bool SignOffRequired { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}
