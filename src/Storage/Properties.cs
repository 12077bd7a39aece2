using System.Runtime.CompilerServices;

// Only grains change aggregates; every other assembly reads them.
[assembly: InternalsVisibleTo("Procurement.Silo")]
[assembly: InternalsVisibleTo("Procurement.Silo.Tests")]
[assembly: InternalsVisibleTo("Procurement.Web.Tests")]
