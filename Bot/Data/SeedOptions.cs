using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Data;

/// <summary>Configuration section "Seed": what an empty database starts with.</summary>
public sealed class SeedOptions
{
    public List<CategorySeed> Categories { get; set; } = [];

    /// <summary>Departments' names; a category's department missing here is added named by its code.</summary>
    public List<DepartmentSeed> Departments { get; set; } = [];

    /// <summary>A GeoJSON FeatureCollection of districts (properties code, name_fa, name_en), relative to the app folder.</summary>
    [Required]
    public string DistrictsFile { get; set; } = "data/districts.geojson";
}
