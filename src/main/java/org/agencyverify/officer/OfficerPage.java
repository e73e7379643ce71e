package org.agencyverify.officer;

import java.util.List;

/** One page of an agency's officers, newest first. */
public record OfficerPage(List<OfficerView> items, int page, int size, long total) {}
