package dev.perocore.social.onebot.event;

/** The {@code file} object of a {@code group_upload} notice; {@code size} in bytes. */
public record GroupFile(String id, String name, long size, long busid) {}
