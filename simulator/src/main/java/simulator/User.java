package simulator;

/** A user account of a simulated site. */
final class User {
    final int id;
    final String username;
    final String firstname;
    final String lastname;
    final String email;

    User(int id, String username, String firstname, String lastname, String email) {
        this.id = id;
        this.username = username;
        this.firstname = firstname;
        this.lastname = lastname;
        this.email = email;
    }

    String fullname() {
        return firstname + " " + lastname;
    }
}
