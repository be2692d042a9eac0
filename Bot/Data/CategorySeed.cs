namespace ChatIntake.Data;

public sealed class CategorySeed
{
    public string Code { get; set; } = string.Empty;
    public string NameFa { get; set; } = string.Empty;
    public string NameEn { get; set; } = string.Empty;
    public string Department { get; set; } = string.Empty;
    public int ResponseHours { get; set; }
    public int ResolutionHours { get; set; }
    public List<string> KeywordsFa { get; set; } = [];
    public List<string> KeywordsEn { get; set; } = [];
    public bool PhotoRequired { get; set; }
}
