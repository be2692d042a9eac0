namespace ChatIntake.Data;

/// <summary>A department an empty (or older) database starts with; categories name it by <see cref="Code"/>.</summary>
public sealed class DepartmentSeed
{
    public string Code { get; set; } = string.Empty;
    public string NameFa { get; set; } = string.Empty;
    public string NameEn { get; set; } = string.Empty;
}
