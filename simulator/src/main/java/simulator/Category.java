package simulator;

/** A course category of a simulated site (all top-level). */
final class Category {
    int id;
    String name;
    String idnumber;
    int descriptionformat;
    int sortorder;
    long timemodified;

    Category(int id, String name, String idnumber, int descriptionformat, int sortorder, long timemodified) {
        this.id = id;
        this.name = name;
        this.idnumber = idnumber;
        this.descriptionformat = descriptionformat;
        this.sortorder = sortorder;
        this.timemodified = timemodified;
    }
}
