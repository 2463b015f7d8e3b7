package dev.profilebridge.console.web;

/** A form posted from another origin than the console's own (cross-site request forgery), refused with a 403. */
class ForgedRequestException extends RuntimeException {

    ForgedRequestException(String origin) {
        super("This form was not sent from the console's own pages (origin " + origin + "); nothing was done");
    }
}
